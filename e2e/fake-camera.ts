import { existsSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const width = 320;
const height = 180;
const fps = 10;
const frames = 20;

/**
 * The journeys' camera: a small soft picture (320×180, 10 frames a second, a band drifting across)
 * that Chromium loops in place of its 720p fake camera. A call journey checks that video flows, not
 * its size; encoding and showing a 720p picture three times over was a fifth of a call journey's
 * CPU on CI's two cores (e2e/README.md). Written once per machine in the temp folder (Y4M: a header,
 * then each frame's Y, U and V planes), so nothing binary lives in the repository.
 */
export function fakeCameraFile(): string {
  const file = path.join(os.tmpdir(), `bedside-fake-camera-${width}x${height}-v1.y4m`);
  if (existsSync(file)) return file;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const chroma = (width / 2) * (height / 2);
  const parts: Buffer[] = [header];
  for (let f = 0; f < frames; f++) {
    const luma = Buffer.alloc(width * height);
    const band = Math.round((f / frames) * width);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const near = Math.abs(x - band) < 24 ? 60 : 0;
        luma[y * width + x] = 110 + Math.round((y / height) * 40) + near;
      }
    }
    parts.push(Buffer.from("FRAME\n"), luma, Buffer.alloc(chroma, 140), Buffer.alloc(chroma, 118));
  }
  // Each Playwright process loads the config: write aside, then rename, so none reads half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, Buffer.concat(parts));
  renameSync(partial, file);
  return file;
}
