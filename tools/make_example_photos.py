"""Make the example photos in data/images/: photograph-like pictures drawn by code.

Each is a 4000 × 3000 JPEG, as a phone camera writes it, with an EXIF orientation
tag: the pixels are stored turned and the tag says how to turn them back, so a
document that ignores the tag shows the photo on its side or upside down.

    python tools/make_example_photos.py

The same run gives the same bytes (a fixed random seed, no time stamps).
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "images"
ORIENTATION = 0x0112


def _sky_and_ground(size: tuple[int, int], seed: int) -> Image.Image:
    width, height = size
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.58)
    for y in range(height):  # a sky that pales towards the horizon, a field that darkens towards us
        if y < horizon:
            t = y / horizon
            colour = (int(70 + 120 * t), int(130 + 90 * t), int(215 + 30 * t))
        else:
            t = (y - horizon) / (height - horizon)
            colour = (int(95 - 40 * t), int(140 - 50 * t), int(60 - 25 * t))
        draw.line([(0, y), (width, y)], fill=colour)
    for _hill in range(3):  # distant hills
        cx, r = rng.randint(0, width), rng.randint(width // 4, width // 2)
        draw.ellipse([cx - r, horizon - r // 3, cx + r, horizon + r // 3], fill=(60, 105, 75))
    return image


def _village(seed: int, size: tuple[int, int]) -> Image.Image:
    """A village street: houses with red roofs, people in blue vests, a banner."""
    width, height = size
    rng = random.Random(seed)
    image = _sky_and_ground(size, seed)
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.58)
    x = -100
    while x < width:
        w, h = rng.randint(500, 800), rng.randint(500, 800)
        wall = (rng.randint(200, 235), rng.randint(195, 225), rng.randint(180, 210))
        draw.rectangle([x, ground - h, x + w, ground + 40], fill=wall)
        draw.polygon(
            [(x - 60, ground - h), (x + w // 2, ground - h - 260), (x + w + 60, ground - h)], fill=(160, 45, 40)
        )
        for wx in range(x + 80, x + w - 120, 220):
            draw.rectangle([wx, ground - h + 150, wx + 120, ground - h + 300], fill=(70, 80, 95))
        x += w + rng.randint(60, 200)
    draw.rectangle([width * 0.2, ground - 900, width * 0.8, ground - 760], fill=(200, 20, 30))
    for _person in range(9):
        px, scale = rng.randint(200, width - 200), rng.uniform(0.8, 1.4)
        top = int(ground + 120 + 400 * (scale - 0.8))
        body = int(360 * scale)
        draw.ellipse([px - 45 * scale, top - 100 * scale, px + 45 * scale, top - 10 * scale], fill=(225, 185, 150))
        draw.rectangle([px - 70 * scale, top, px + 70 * scale, top + body], fill=(30, 90, 190))
        draw.rectangle([px - 55 * scale, top + body, px + 55 * scale, top + body + 260 * scale], fill=(40, 40, 45))
    return image


def _parcels(seed: int, size: tuple[int, int]) -> Image.Image:
    """Boxes of goods stacked before a hall, a table with a red cloth."""
    width, height = size
    rng = random.Random(seed)
    image = _sky_and_ground(size, seed)
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.58)
    draw.rectangle([0, ground - 1400, width, ground], fill=(215, 205, 190))
    draw.rectangle([width * 0.3, ground - 900, width * 0.7, ground], fill=(120, 80, 50))
    draw.rectangle([width * 0.1, ground + 300, width * 0.9, ground + 520], fill=(190, 25, 35))
    for _box in range(40):
        bx, by = rng.randint(0, width - 300), rng.randint(ground + 520, height - 250)
        shade = rng.randint(150, 200)
        draw.rectangle([bx, by, bx + rng.randint(200, 380), by + rng.randint(150, 260)], fill=(shade, shade - 40, 90))
    return image


def _photo_like(image: Image.Image, seed: int) -> Image.Image:
    """Soften the drawing and add a little grain, as a lens and a sensor would."""
    image = image.filter(ImageFilter.GaussianBlur(3))
    rng = random.Random(seed)
    grain = Image.effect_noise(image.size, 10).convert("RGB")
    rng.random()
    return Image.blend(image, grain, 0.04)


def _save(image: Image.Image, path: Path, orientation: int) -> None:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=72, exif=exif.tobytes(), optimize=True)


def main() -> None:
    # Upright 4000 × 3000, stored upside down: orientation 3 turns it back.
    village = _photo_like(_village(1, (4000, 3000)), 1)
    _save(village.transpose(Image.Transpose.ROTATE_180), OUT / "village-volunteers.jpg", 3)
    # Upright 3000 × 4000 (taken with the phone held upright), stored as 4000 × 3000: orientation 6.
    parcels = _photo_like(_parcels(2, (3000, 4000)), 2)
    _save(parcels.transpose(Image.Transpose.ROTATE_90), OUT / "relief-goods.jpg", 6)
    for name in ("village-volunteers.jpg", "relief-goods.jpg"):
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
