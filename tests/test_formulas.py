"""The formula module against hand-worked cases (the deck and question bank both rely on it)."""
import math
import sys

import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "content"))
import formulas as f  # noqa: E402


def test_lora_on_gpt3_attention_matrix():
    assert f.lora_params(12288, 12288, 8) == 196_608          # 8 * (12288 + 12288)
    assert f.lora_params(12288, 12288, 4) == 98_304
    assert f.matrix_params(12288, 12288) == 150_994_944
    assert round(f.ratio(f.matrix_params(12288, 12288), f.lora_params(12288, 12288, 8))) == 768


def test_lora_on_all_gpt3_attention():
    # Q, K, V, O in 96 layers at r = 8: 4 * 96 * 196,608 = 75,497,472 -- not the source's 4.7M
    assert f.lora_model_params(12288, 96, 8, 4) == 75_497_472
    # the LoRA paper's 4.7M: r = 1 on Wq and Wv, or r = 2 on one matrix
    assert f.lora_model_params(12288, 96, 1, 2) == 4_718_592 == f.lora_model_params(12288, 96, 2, 1)


def test_lora_llama2_70b_gqa():
    # q_proj 8192x8192: 16 * 16384; v_proj 8192x1024: 16 * 9216; 80 layers
    assert f.lora_llama2_70b_params(16, "qv") == 80 * (16 * 16384 + 16 * 9216) == 32_768_000
    assert f.llama2_70b_params() == 68_976_648_192


def test_adapters():
    assert f.adapter_params(1024, 64) == 131_072
    assert f.adapter_params(1024, 64, bias=True) == 131_072 + 64 + 1024
    assert f.adapter_model_params(1024, 64, 24) == 6_291_456          # two per layer, 24 layers
    assert f.adapter_model_params(12288, 64, 96) == 301_989_888


def test_transformer_block_parts():
    d = 1024
    assert f.attention_params(d) == 4 * d * d
    assert f.ffn_params(d) == 8 * d * d
    assert f.layernorm_params(d) == 4 * d


def test_adam_memory_for_gpt3():
    assert f.adam_bytes_per_param() == 12                               # 2 + 2 + 4 + 4
    assert f.weights_bytes(175e9) == 350e9
    assert f.optimizer_bytes(175e9) == 1.4e12
    assert f.train_memory_bytes(175e9, 175e9) == 2.1e12
    assert f.gpus_needed(2.1e12) == 27 and f.gpus_needed(1.4e12) == 18
    # LoRA: frozen weights need no gradients or moments
    assert f.train_memory_bytes(175e9, 4.7e6) == pytest.approx(350e9 + 4.7e6 * 10)


def test_costs_from_gpu_hours():
    assert f.gpu_hour_price() == 25 / 8
    assert f.finetune_cost(1200) == 3750
    assert f.finetune_cost(40) == 125


def test_storage_for_many_tasks():
    assert f.storage_full_ft(26, 350e9) == 9.1e12
    assert f.storage_shared_base(26, 350e9, 25e6) == 350e9 + 650e6


def test_prompts():
    assert f.icl_prompt_tokens(4, 100, 50) == 450
    assert f.max_shots(4096, 100, 50) == 40
    assert f.max_shots(2048, 100, 50) == 19
    assert f.prompt_tuning_params(100, 4096) == 409_600
    assert f.prefix_tuning_params(10, 1024, 24) == 2 * 10 * 1024 * 24


def test_contextual_calibration():
    # 0.9/0.7 = 1.2857, 0.1/0.3 = 0.3333 -> 1.2857 / 1.6190 = 0.794 (the source said 0.81)
    assert f.calibrated_prob(0.9, 0.7) == pytest.approx(0.7941, abs=1e-4)
    assert f.calibrated_prob(0.5, 0.5) == 0.5


def test_pruning_rounds():
    assert f.remaining_after_rounds(0.2, 1) == pytest.approx(0.8)
    assert f.remaining_after_rounds(0.2, 10) == pytest.approx(0.8 ** 10)
    assert f.sparsity_after_rounds(0.2, 10) == pytest.approx(1 - 0.107374, abs=1e-6)
    assert f.rounds_to_remaining(0.2, 0.1) == 11          # 0.8^10 = 0.107 > 0.1, 0.8^11 = 0.086
    assert f.quantized_bytes(65e9, 4) == 32.5e9


def test_dtype_bytes_rejects_unknown():
    assert f.dtype_bytes("nf4") == 0.5
    with pytest.raises(ValueError, match="unknown dtype"):
        f.dtype_bytes("fp8x")
    assert math.isclose(f.fraction(200, f.ROBERTA_LARGE_PARAMS) * 100, 5.63e-5, rel_tol=1e-2)
