// Photos taken on a phone are large (4000 px, several MB): before upload
// each is drawn onto a canvas no larger than MAX_SIDE px on its long side
// and encoded as JPEG at QUALITY, which keeps a photo of a pothole legible
// at a few hundred KB on a slow network. The server takes at most 3 photos
// of ≤ 2 MiB each (image/jpeg, png or webp).

export const MAX_PHOTOS = 3;
const MAX_SIDE = 1600;
const QUALITY = 0.8;

async function decode(file: Blob): Promise<{ img: CanvasImageSource; width: number; height: number; done: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      // from-image: a phone photo's EXIF orientation is applied.
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { img: bmp, width: bmp.width, height: bmp.height, done: () => bmp.close() };
    } catch {
      /* fall back to <img> below */
    }
  }
  const url = URL.createObjectURL(file);
  const img = new Image();
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('not an image'));
      img.src = url;
    });
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  return { img, width: img.naturalWidth, height: img.naturalHeight, done: () => URL.revokeObjectURL(url) };
}

/** The photo as a JPEG no larger than MAX_SIDE px. Throws when the file is not an image. */
export async function downscale(file: Blob): Promise<Blob> {
  const d = await decode(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(d.width, d.height));
    const w = Math.max(1, Math.round(d.width * scale));
    const h = Math.max(1, Math.round(d.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    // JPEG has no transparency: a white ground for PNGs with alpha.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(d.img, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob) throw new Error('cannot encode');
    return blob;
  } finally {
    d.done();
  }
}
