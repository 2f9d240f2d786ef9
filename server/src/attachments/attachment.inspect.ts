// What a patient's upload is, from its bytes (never its name or the browser's word), and what is
// kept of it: images decoded and re-encoded by sharp (libvips), which writes no metadata unless
// asked (no EXIF, so no location, camera or time); HEIC, which sharp's prebuilt libvips cannot
// decode (it has libheif with the AV1 decoder only), through heic-decode (libheif compiled to
// WebAssembly, shipped in its npm package) into raw pixels first; PDFs kept as sent once pdf-lib
// has parsed their structure and found pages.
import { ATTACHMENT_LIMITS, type AttachmentContentType, type AttachmentRefusal } from "@bedside/shared";
import { fileTypeFromBuffer } from "file-type";
import { PDFDocument } from "pdf-lib";
import sharp, { type Sharp } from "sharp";

export class AttachmentRefused extends Error {
  constructor(readonly reason: AttachmentRefusal) {
    super(reason);
  }
}

export interface InspectedAttachment {
  contentType: AttachmentContentType;
  bytes: Buffer;
  width?: number;
  height?: number;
}

/**
 * Decoded pixels allowed: a 10 MB PNG or HEIC can claim an image that would take gigabytes to
 * decode. 50 million covers any phone camera (a 48-megapixel sensor included).
 */
const MAX_PIXELS = 50_000_000;
/** The longest side kept: enough to read a label or see a rash, and it keeps a re-encoded photo small. */
const MAX_SIDE = 4096;

export async function inspectAttachment(upload: Buffer): Promise<InspectedAttachment> {
  if (upload.length === 0) throw new AttachmentRefused("no_file");
  if (upload.length > ATTACHMENT_LIMITS.maxBytes) throw new AttachmentRefused("too_large");
  const sniffed = await fileTypeFromBuffer(upload);
  // file-type names hundreds of kinds: anything but these four is refused.
  const mime: string | undefined = sniffed?.mime;
  if (mime === "image/jpeg") return reencode(sharp(upload, decodeOptions), "image/jpeg");
  if (mime === "image/png") return reencode(sharp(upload, decodeOptions), "image/png");
  if (mime === "image/heic" || mime === "image/heif") return reencode(await heicPixels(upload), "image/jpeg");
  if (mime === "application/pdf") {
    await checkPdf(upload);
    return { contentType: "application/pdf", bytes: upload };
  }
  throw new AttachmentRefused("unsupported_type");
}

const decodeOptions = { limitInputPixels: MAX_PIXELS, failOn: "error" } as const;

async function reencode(image: Sharp, contentType: "image/jpeg" | "image/png") {
  try {
    // rotate(): the EXIF orientation is applied to the pixels before the EXIF is dropped, so a
    // photo taken upright stays upright.
    const pipeline = image
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: "inside", withoutEnlargement: true });
    const { data, info } = await (
      contentType === "image/png" ? pipeline.png({ compressionLevel: 9 }) : pipeline.jpeg({ quality: 85 })
    ).toBuffer({ resolveWithObject: true });
    if (data.length > ATTACHMENT_LIMITS.maxBytes) throw new AttachmentRefused("too_large");
    return { contentType, bytes: data, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof AttachmentRefused) throw err;
    throw new AttachmentRefused("unreadable");
  }
}

async function heicPixels(upload: Buffer): Promise<Sharp> {
  // Loaded on the first HEIC only: the WebAssembly build is large and most visits never need it.
  const { default: decode } = await import("heic-decode");
  let images: Awaited<ReturnType<typeof decode.all>> | undefined;
  try {
    images = await decode.all({ buffer: upload });
    const primary = images[0];
    if (!primary || primary.width * primary.height > MAX_PIXELS) throw new Error("no usable image");
    const { width, height, data } = await primary.decode();
    return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      raw: { width, height, channels: 4 },
    });
  } catch {
    throw new AttachmentRefused("unreadable");
  } finally {
    images?.dispose();
  }
}

async function checkPdf(upload: Buffer): Promise<void> {
  try {
    // Encrypted PDFs are refused: the clinician could not open them either.
    const doc = await PDFDocument.load(upload, { updateMetadata: false, throwOnInvalidObject: true });
    if (doc.getPageCount() < 1) throw new Error("no pages");
  } catch {
    throw new AttachmentRefused("unreadable");
  }
}
