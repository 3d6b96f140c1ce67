"""Photos of a case: checked when the entries load, scaled and recompressed when a document is written.

A case lists its photos under `photos:` (a path, a caption, optional credit and
date). A path is read beside the case file, then under data/images/; it must stay
inside the project. Only JPEG and PNG are accepted, told by their bytes, not their
names; the dimensions are read from the header before anything is decoded, so a
pixel bomb is refused without taking the memory it asks for; then the whole image
is decoded, so a truncated file is an error too. Each document stores a photo once,
downscaled and recompressed as its style profile says (the same bytes every build),
with its EXIF orientation applied.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from .errors import Problem
from .i18n import _

IMAGES_DIR = "images"
ACCEPTED = {"JPEG": ("jpeg", "image/jpeg"), "PNG": ("png", "image/png")}
ACCEPTED_NAMES = "JPEG (.jpg, .jpeg), PNG (.png)"
MAX_FILE_BYTES = 50 * 1024 * 1024
# 50 megapixels: a camera's largest photo; a 30000 × 30000 image is refused before decoding.
MAX_PIXELS = 50_000_000
MAX_SIDE = 20000


class Photo(BaseModel):
    """A photo of a case: its file, its caption (图注), and who took it and when."""

    model_config = ConfigDict(extra="forbid")

    path: Annotated[
        str,
        Field(
            min_length=1,
            max_length=500,
            title="文件",
            description="照片文件：相对案例文件所在文件夹或 data/images/ / the file, beside the case file or under data/images/",
        ),
    ]
    caption: Annotated[str, Field(min_length=1, max_length=200, title="图注", description="图注 / the caption")]
    credit: Annotated[str | None, Field(max_length=100, title="摄影", description="摄影或来源 / who took it")] = None
    date: Annotated[str | None, Field(max_length=40, title="日期", description="拍摄日期 / when")] = None


PhotoField = Annotated[
    list[Photo], Field(max_length=50, title="照片", description="照片及图注 / photos with their captions")
]


@dataclass(frozen=True)
class PhotoView:
    """A checked photo as templates see it: its key for the markup, caption, credit, date and file."""

    key: str
    file: str  # absolute path of a checked file
    caption: str
    credit: str | None
    date: str | None

    @property
    def caption_text(self) -> str:
        """Return the caption with its credit and date, as a caption paragraph shows it."""
        extra = "，".join(part for part in (self.credit, self.date) if part)
        return f"{self.caption}（{extra}）" if extra else self.caption


def resolve_photo(raw: str, case_folder: Path, project_root: Path) -> tuple[Path | None, str | None]:
    """Return the photo file a case names (beside the case file, else under data/images/), or an error message."""
    relative = Path(raw)
    if relative.is_absolute() or ".." in relative.parts:
        return None, _("a photo's path must be inside the project, relative to the case file or data/images/")
    root = project_root.resolve()
    for folder in (case_folder, project_root / "data" / IMAGES_DIR):
        candidate = (folder / relative).resolve()
        if not candidate.is_relative_to(root):
            return None, _("a photo's path must be inside the project, relative to the case file or data/images/")
        if candidate.exists():
            return candidate, None
    return None, _("photo not found: {path} (looked beside the case file and in data/images/)").format(path=raw)


def check_photo_file(path: Path) -> str | None:
    """Return what is wrong with a photo file (not JPEG or PNG, too large, truncated), or None."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    if path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        return _("photos must be JPEG or PNG files, not '{suffix}'; use {accepted}").format(
            suffix=path.suffix or path.name, accepted=ACCEPTED_NAMES
        )
    # Pillow refuses images over twice this before decoding them; below that, the check after open does.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        size = path.stat().st_size
        if not path.is_file():
            return _("not a file")
        if size > MAX_FILE_BYTES:
            return _("the file is {size} MB; photos may be at most {limit} MB").format(
                size=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            if image.format not in ACCEPTED:
                return _("{kind} is not an accepted image kind; use {accepted}").format(
                    kind=image.format or "?", accepted=ACCEPTED_NAMES
                )
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                return _(
                    "the image is {width} × {height} pixels, larger than {limit} megapixels; scale it down"
                ).format(width=width, height=height, limit=MAX_PIXELS // 1_000_000)
            image.load()
    except UnidentifiedImageError:
        return _("not an image reportgen can read; use {accepted}").format(accepted=ACCEPTED_NAMES)
    except (OSError, SyntaxError, ValueError) as exc:
        return _("the image cannot be read ({error}); is it truncated?").format(error=str(exc).rstrip("."))
    except Image.DecompressionBombError:
        return _("the image is larger than {limit} megapixels; scale it down").format(limit=MAX_PIXELS // 1_000_000)
    return None


def check_photos(
    photos: list[Photo], case_file: Path, project_root: Path, location
) -> tuple[list[PhotoView], list[Problem]]:
    """Return the views of a case's photos, or a located problem (at the photo's path) for each bad one.

    `location(index)` gives the location of photo `index`'s path in the YAML.
    """
    views, problems = [], []
    for index, photo in enumerate(photos):
        found, error = resolve_photo(photo.path, case_file.parent, project_root)
        if found is not None:
            error = check_photo_file(found)
        if error is not None or found is None:
            problems.append(
                Problem(location(index), error or "", hint=_("accepted: {accepted}").format(accepted=ACCEPTED_NAMES))
            )
            continue
        key = "photo-" + hashlib.sha256(str(found).encode("utf-8")).hexdigest()[:16]
        views.append(PhotoView(key, str(found), photo.caption, photo.credit, photo.date))
    return views, problems


@dataclass(frozen=True)
class ImagePart:
    """A photo ready for a document: its bytes, extension, content type and size in pixels."""

    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


def prepare_image(path: Path, max_pixels: int, quality: int) -> ImagePart:
    """Return the photo at `path` turned upright (EXIF orientation), no longer side than `max_pixels`.

    The result holds no metadata, so the same file gives the same bytes every build.
    """
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(path) as original:
        kind = original.format or "JPEG"
        image = ImageOps.exif_transpose(original)
        if max(image.size) > max_pixels:
            image = image.copy()
            image.thumbnail((max_pixels, max_pixels), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if kind == "PNG":
            image.save(out, format="PNG", optimize=False)
        else:
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, format="JPEG", quality=quality, optimize=True, progressive=False, subsampling="4:2:0")
        extension, content_type = ACCEPTED["PNG" if kind == "PNG" else "JPEG"]
        return ImagePart(out.getvalue(), extension, content_type, image.size[0], image.size[1])


class PhotoError(ValueError):
    """A photo checked when the entries loaded can no longer be read; carries the file."""

    def __init__(self, file: str, message: str):
        super().__init__(message)
        self.file = file


def _photo_views(value, found: dict) -> None:
    if isinstance(value, PhotoView):
        found[value.key] = value
    elif isinstance(value, dict):
        for item in value.values():
            _photo_views(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _photo_views(item, found)
    elif hasattr(value, "photos") and isinstance(value.photos, tuple):
        _photo_views(value.photos, found)


def document_images(blocks, context: dict, max_pixels: int, quality: int) -> dict[str, ImagePart]:
    """Return the prepared image of every photo the blocks place, by key (only the context's checked photos)."""
    views: dict[str, PhotoView] = {}
    _photo_views(context, views)
    wanted = {key for block in blocks for key in getattr(block, "keys", [])}
    images = {}
    for key in sorted(wanted & set(views)):
        view = views[key]
        error = check_photo_file(Path(view.file))
        if error is not None:
            raise PhotoError(view.file, error)
        images[key] = prepare_image(Path(view.file), max_pixels, quality)
    return images


def _caption_markup(view: PhotoView) -> str:
    from .blocks import escape_markup

    return "{.photo-caption}\n" + escape_markup(view.caption_text) + "\n\n"


def photo_markup(view) -> Markup:
    """Return the markup that places one photo (a PhotoView of a case), centred, with its caption."""
    if not isinstance(view, PhotoView):
        raise ValueError(_("the photo filter takes one of a case's photos, e.g. case.photos[0]"))
    return Markup("{.photo}\n" + view.key + "\n\n" + _caption_markup(view))


def photo_pair_markup(views) -> Markup:
    """Return the markup that places two photos side by side (the first two given), each with its caption."""
    views = [v for v in (views or []) if isinstance(v, PhotoView)][:2]
    if len(views) < 2:
        return Markup("".join(photo_markup(v) for v in views))
    return Markup(
        "{.photo-pair}\n" + " ".join(v.key for v in views) + "\n\n" + "".join(_caption_markup(v) for v in views)
    )
