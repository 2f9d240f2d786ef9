// Issue 30: the patient sends the clinician a photo and a document; what arrives is what the
// server made of them (a photo without its EXIF, so without where it was taken), and a program
// renamed .jpg is refused with words the patient understands. One visit, on its line's server.
import type { Page } from "@playwright/test";
import { expect, signInAsDemoClinician, test } from "./fixtures";

/** An EXIF block (big-endian TIFF) with only a GPS position: 40°26'46" N. */
function gpsExif(): Buffer {
  const tiff = Buffer.alloc(80);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 at 8
  tiff.writeUInt16BE(1, 8); // one entry: the GPS IFD's offset
  tiff.writeUInt16BE(0x8825, 10);
  tiff.writeUInt16BE(4, 12); // LONG
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  tiff.writeUInt16BE(2, 26); // GPS IFD: two entries
  tiff.writeUInt16BE(0x0001, 28); // GPSLatitudeRef "N"
  tiff.writeUInt16BE(2, 30); // ASCII
  tiff.writeUInt32BE(2, 32);
  tiff.write("N\0", 36, "latin1");
  tiff.writeUInt16BE(0x0002, 40); // GPSLatitude, three rationals at 56
  tiff.writeUInt16BE(5, 42);
  tiff.writeUInt32BE(3, 44);
  tiff.writeUInt32BE(56, 48);
  tiff.writeUInt32BE(0, 52);
  [40, 1, 26, 1, 46, 1].forEach((n, i) => tiff.writeUInt32BE(n, 56 + i * 4));
  const body = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/** A JPEG the browser draws, with the GPS EXIF put right after its start marker, as cameras do. */
async function photoWithLocation(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 160;
    canvas.height = 120;
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#c84";
    g.fillRect(0, 0, 160, 120);
    g.fillStyle = "#822";
    g.beginPath();
    g.arc(80, 60, 30, 0, Math.PI * 2);
    g.fill();
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/jpeg", 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  const jpeg = Buffer.from(base64, "base64");
  return Buffer.concat([jpeg.subarray(0, 2), gpsExif(), jpeg.subarray(2)]);
}

/** A one-page PDF with a correct cross-reference table. */
function onePagePdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((o, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

test("the patient sends a photo (its location gone on the clinician's side) and a PDF; a program called .jpg is refused", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const clinicianCtx = await browser.newContext({ baseURL });
  const c = await clinicianCtx.newPage();
  const patientCtx = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const p = await patientCtx.newPage();

  await signInAsDemoClinician(c);
  await c.getByLabel("Patient name").fill("Sam Files");
  await c.getByRole("button", { name: "Create visit and links" }).click();
  const link = await c
    .getByRole("region", { name: "Links for Sam Files" })
    .getByLabel("Patient link")
    .inputValue();

  await p.goto(link);
  await expect(p.getByRole("heading", { name: "Before you join" })).toBeVisible();
  await p.getByLabel(/Your name/).fill("Sam Files");
  await p.getByLabel("No, do not take notes of what I say").check();
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You're in the waiting room" })).toBeVisible();

  // From the waiting room: a photo that carries where it was taken.
  const photo = await photoWithLocation(p);
  expect(photo.includes("Exif")).toBe(true);
  await expect(p.getByRole("button", { name: "Take a photo" })).toBeVisible();
  await p
    .getByTestId("attachment-file")
    .setInputFiles({ name: "rash.jpg", mimeType: "image/jpeg", buffer: photo });
  await expect(p.getByText("Sent. Your clinician can see it now.")).toBeVisible();

  await c.getByRole("button", { name: "Admit Sam Files" }).click();
  await c.waitForURL(/\/clinic\/visits\/[\w-]+\/call$/);
  const panel = c.getByRole("region", { name: "Photos and documents from the patient" });
  const image = panel.getByRole("img", { name: /Photo from the patient/ });
  await expect(image).toBeVisible();
  // The photo is shown (decoded), and what the clinician's browser got has no EXIF at all.
  // (A failed load is asked for again after 1, 2 and 4 s: the poll waits for those.)
  await expect
    .poll(() => image.evaluate((i: HTMLImageElement) => i.naturalWidth), { timeout: 30_000 })
    .toBe(160);
  const received = await image.evaluate(async (i: HTMLImageElement) => {
    const bytes = new Uint8Array(await (await fetch(i.src)).arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return {
      jpeg: bytes[0] === 0xff && bytes[1] === 0xd8,
      exif: s.includes("Exif"),
      app1: s.includes("\xff\xe1"),
    };
  });
  expect(received).toEqual({ jpeg: true, exif: false, app1: false });

  // In the call: a PDF arrives on the clinician's screen as it is sent.
  await expect(p.getByRole("button", { name: "Send a photo or PDF" })).toBeVisible({ timeout: 20_000 });
  await p
    .getByTestId("attachment-file")
    .setInputFiles({ name: "results.pdf", mimeType: "application/pdf", buffer: onePagePdf() });
  await expect(p.getByText("Sent. Your clinician can see it now.")).toBeVisible();
  await expect(panel.getByRole("link", { name: /PDF document/ })).toBeVisible();

  // A Windows program renamed .jpg: refused by its bytes, said plainly, and nothing arrives.
  const exe = Buffer.concat([
    Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00", "latin1"),
    Buffer.alloc(4096, 0x90),
  ]);
  await p
    .getByTestId("attachment-file")
    .setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: exe });
  await expect(
    p.getByText("This file cannot be sent. Please send a photo (JPEG, PNG or HEIC) or a PDF."),
  ).toBeVisible();
  await expect(panel.getByRole("listitem")).toHaveCount(2);

  await clinicianCtx.close();
  await patientCtx.close();
});
