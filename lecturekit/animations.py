"""Manim scenes -> a VP9 webm video and a poster frame, cached by the hash of the scene and its data.

The engine knows nothing of what a scene shows: each scene module declares
SCENE_ID, SCENE_CLASS, DATA (files it reads) and CAPTION at top level, and
is rendered by Manim's own command line in a subprocess.
"""
import ast
import hashlib
import importlib.util
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

QUALITY = {"low": ("-ql", "480p15", (854, 480)), "high": ("-qh", "1080p60", (1920, 1080))}


@dataclass
class Scene:
    id: str
    cls: str
    file: Path
    data: list
    caption: str


def discover(folder, root):
    """{scene id: Scene} from the modules in folder, read without importing them (no Manim needed)."""
    scenes = {}
    for path in sorted(Path(folder).glob("*.py")) if Path(folder).is_dir() else ():
        consts = {}
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    consts[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
        if "SCENE_ID" in consts and "SCENE_CLASS" in consts:
            scenes[consts["SCENE_ID"]] = Scene(consts["SCENE_ID"], consts["SCENE_CLASS"], path,
                                               [Path(root) / d for d in consts.get("DATA", [])],
                                               consts.get("CAPTION", ""))
    return scenes


def scene_key(scene, quality, shared=()):
    """Changes when the scene's code, the shared scene helpers, its data, `shared` files or the quality change."""
    h = hashlib.sha256(f"{quality} webm+jpg".encode())
    for path in [scene.file, *sorted(scene.file.parent.glob("style*.py")), *scene.data, *map(Path, shared)]:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()[:20]


def available():
    """Manim is installed (looked up, not imported: importing it takes a second)."""
    return importlib.util.find_spec("manim") is not None


def render(scene, quality, out_dir, root):
    """Render scene into out_dir as <id>.webm and <id>.jpg (the last frame, the poster)."""
    flag, folder, _ = QUALITY[quality]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as media:
        cmd = [sys.executable, "-m", "manim", "render", flag, "--format", "mp4", "--media_dir", media,
               "--disable_caching", "--progress_bar", "none", "-o", scene.id, str(scene.file), scene.cls]
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{scene.file.name}: Manim failed:\n{result.stderr[-2000:]}")
        to_webm(next(Path(media).rglob(f"{scene.id}.mp4")), out_dir / f"{scene.id}.webm", out_dir / f"{scene.id}.jpg")


def to_webm(mp4, webm, poster):
    """Re-encode Manim's H.264 as VP9 and keep the last frame as the poster.

    Only the webm is published: Debian's Chromium has no H.264, every current browser plays VP9,
    and shipping both formats doubled the deck's size. One Manim render: drawing frames is the slow part.
    """
    import av
    with av.open(str(mp4)) as src, av.open(str(webm), "w") as dst:
        stream = src.streams.video[0]
        out = dst.add_stream("libvpx-vp9", rate=stream.average_rate)
        out.width, out.height, out.pix_fmt = stream.codec_context.width, stream.codec_context.height, "yuv420p"
        out.options = {"crf": "45", "b": "0", "deadline": "good", "cpu-used": "5", "row-mt": "1"}
        last = None
        for frame in src.decode(stream):
            last = frame
            for packet in out.encode(frame.reformat(format="yuv420p")):
                dst.mux(packet)
        for packet in out.encode():
            dst.mux(packet)
    # JPEG: a third of the PNG, and PDF writers embed it as it is instead of re-compressing it
    last.to_image().save(poster, quality=90, subsampling=0)


def video_info(video):
    """(duration in seconds, width, height) read back with PyAV."""
    import av
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        duration = float(container.duration / 1_000_000) if container.duration else float(stream.duration * stream.time_base)
        return duration, stream.codec_context.width, stream.codec_context.height
