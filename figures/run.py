"""Run the lecture's experiments and freeze their results with provenance.

    python figures/run.py [NAME ...] [--quick] [--device auto|cpu|cuda] [--rerun]

NAME: one or more of NAMES (default: all, in this order). Full results go to
figures/results/<name>.json (committed); --quick results go to
.cache/experiments/quick/<name>.json and never touch the full ones. Finished points of a
sweep are cached under .cache/experiments/points/, so an interrupted run resumes;
--rerun recomputes them.
"""
import argparse
import datetime
import json
import platform
import runpy
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "figures" / "experiments"))
sys.path.insert(0, str(ROOT))

# Order matters only for sharing cached training runs: peft_compare's runs are reused by lora/adapters.
NAMES = ["cost_memory", "lottery", "icl", "prompt_format", "cot", "peft_compare", "lora", "adapters"]
RESULTS = ROOT / "figures" / "results"
QUICK_RESULTS = ROOT / ".cache" / "experiments" / "quick"


def code_files(name):
    """The files whose bytes decide a result: the experiment module, common.py, its config."""
    files = [f"figures/experiments/{name}.py", "figures/experiments/common.py", f"figures/config/{name}.py"]
    if name == "cost_memory":  # its numbers come from the formula module alone
        files.append("content/formulas.py")
    return files


def load_config(name, quick=False):
    """The flat config of figures/config/<name>.py: its public names, with `quick` applied in quick mode."""
    ns = runpy.run_path(str(ROOT / "figures" / "config" / f"{name}.py"))
    cfg = {k: v for k, v in ns.items() if not k.startswith("_") and k != "quick"
           and isinstance(v, (int, float, str, bool, list, tuple, dict, type(None)))}
    if quick:
        cfg.update(ns.get("quick", {}))
    return json.loads(json.dumps(cfg))  # tuples -> lists, as stored


def result_path(name, quick=False):
    return (QUICK_RESULTS if quick else RESULTS) / f"{name}.json"


PROVENANCE_KEYS = {"config": dict, "quick": bool, "code_files": list, "code_hash": str, "device": str,
                   "device_name": str, "torch": str, "transformers": (str, type(None)), "peft": (str, type(None)),
                   "python": str, "wall_seconds": (int, float), "date": str, "data": dict}


def check_result(doc):
    """Problems with a results file's structure (an empty list when it matches the schema)."""
    errors = []
    if not isinstance(doc, dict):
        return ["not a JSON object"]
    for key, typ in (("name", str), ("results", dict), ("provenance", dict)):
        if not isinstance(doc.get(key), typ):
            errors.append(f"{key}: expected {typ.__name__}")
    prov = doc.get("provenance") if isinstance(doc.get("provenance"), dict) else {}
    for key, typ in PROVENANCE_KEYS.items():
        if key not in prov:
            errors.append(f"provenance.{key}: missing")
        elif not isinstance(prov[key], typ):
            errors.append(f"provenance.{key}: expected {typ}, got {type(prov[key]).__name__}")
    h = prov.get("code_hash", "")
    if isinstance(h, str) and (len(h) != 64 or any(c not in "0123456789abcdef" for c in h)):
        errors.append("provenance.code_hash: expected 64 hex digits (sha256)")
    if isinstance(doc.get("name"), str) and prov.get("code_files"):
        if prov["code_files"][:3] != code_files(doc["name"])[:3]:
            errors.append(f"provenance.code_files: expected {code_files(doc['name'])}")
    return errors


def is_stale(doc):
    """True when the code or config that produced a result has changed since (its code_hash differs)."""
    import common
    try:
        return common.code_hash(doc["provenance"]["code_files"]) != doc["provenance"]["code_hash"]
    except FileNotFoundError:
        return True


def run_one(name, quick, device, rerun=False):
    import importlib
    import common
    common.QUICK = quick
    common.RERUN = rerun
    cfg = load_config(name, quick)
    mod = importlib.import_module(name)
    files = code_files(name)
    t0 = time.time()
    common.CACHED_SECONDS[0] = 0.0
    results = mod.run(cfg, device)
    wall = time.time() - t0
    reused = common.CACHED_SECONDS[0]
    data = results.pop("_data", {})
    vers = common.versions()
    out = {
        "name": name,
        "results": results,
        "provenance": {
            "config": cfg,
            "quick": quick,
            "code_files": files,
            "code_hash": common.code_hash(files),
            "device": device,
            "device_name": common.device_name(device),
            "torch": vers["torch"],
            "transformers": vers["transformers"],
            "peft": vers["peft"],
            "python": platform.python_version(),
            "wall_seconds": round(wall, 2),
            # wall time of this run plus the time the points it reused from the cache took to compute
            "compute_seconds": round(wall + reused, 2),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "data": data,
        },
    }
    path = result_path(name, quick)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, indent=1, default=common._json_default) + "\n")
    tmp.replace(path)
    return path, wall


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", metavar="NAME", help=f"experiments to run (default all): {', '.join(NAMES)}")
    ap.add_argument("--quick", action="store_true", help="tiny sizes (tests); results to .cache/experiments/quick/")
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--rerun", action="store_true", help="recompute cached points instead of reusing them")
    ap.add_argument("--threads", default="auto",
                    help="CPU threads for torch (auto: 1 on machines with <= 2 cores, where other work makes "
                         "OpenMP's spin-waiting ~5x slower than one thread; else all cores)")
    args = ap.parse_args(argv)
    unknown = [n for n in args.names if n not in NAMES]
    if unknown:
        ap.error(f"unknown experiment(s) {unknown}; expected some of {NAMES}")
    import common
    device = common.pick_device(args.device)
    common.set_threads(args.threads)
    names = args.names or NAMES
    failed, t_all = [], time.time()
    for name in names:
        print(f"[{name}] running ({'quick' if args.quick else 'full'}, {device}) ...", file=sys.stderr, flush=True)
        try:
            path, wall = run_one(name, args.quick, device, args.rerun)
            print(f"[{name}] {wall:.1f} s -> {path.relative_to(ROOT)}", file=sys.stderr, flush=True)
        except Exception:  # keep going: the other experiments are independent
            traceback.print_exc()
            failed.append(name)
    print(f"done in {time.time() - t_all:.1f} s" + (f"; FAILED: {failed}" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
