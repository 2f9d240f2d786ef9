import { STT_SAMPLE_RATE } from "./stt.provider.js";

const HEADER_BYTES = 44;

/**
 * A mono 16-bit PCM WAV file in memory. Remote engines accept files, not raw PCM; building the
 * container here keeps audio off the disk (the product promise is that audio is never stored).
 */
export function encodeWav(samples: Int16Array, sampleRate: number = STT_SAMPLE_RATE): Buffer {
  const dataBytes = samples.length * 2;
  const wav = Buffer.alloc(HEADER_BYTES + dataBytes);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  wav.write("WAVE", 8, "ascii");
  wav.write("fmt ", 12, "ascii");
  wav.writeUInt32LE(16, 16); // fmt chunk size for PCM
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) wav.writeInt16LE(samples[i] ?? 0, HEADER_BYTES + i * 2);
  return wav;
}

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

/**
 * Reads a PCM WAV — 8, 16, 24 or 32-bit integer or 32-bit float, plain or WAVE_FORMAT_EXTENSIBLE —
 * as 16-bit samples, walking the chunks (real files carry LIST/fact chunks before `data`). Used
 * by the transcription CLI, and by tests and the stand-in server to check what the encoder made.
 */
/** PCM of 8, 16, 24 or 32 bits, or 32-bit float, as 16-bit samples (channels still interleaved). */
function toInt16(wav: Buffer, from: number, to: number, format: { codec: number; bits: number }): Int16Array {
  const bytes = format.bits / 8;
  const float = format.codec === 3;
  if (!((format.codec === 1 && [8, 16, 24, 32].includes(format.bits)) || (float && format.bits === 32))) {
    throw new Error(
      `unsupported WAV encoding (format ${format.codec}, ${format.bits} bits): use PCM or 32-bit float`,
    );
  }
  const out = new Int16Array(Math.floor((to - from) / bytes));
  for (let i = 0; i < out.length; i++) {
    const at = from + i * bytes;
    let v: number;
    if (float) v = Math.max(-1, Math.min(1, wav.readFloatLE(at))) * 32767;
    else if (bytes === 1) v = (wav.readUInt8(at) - 128) << 8;
    else if (bytes === 2) v = wav.readInt16LE(at);
    else if (bytes === 3) v = wav.readIntLE(at, 3) >> 8;
    else v = wav.readInt32LE(at) >> 16;
    out[i] = Math.round(v);
  }
  return out;
}

export function decodeWav(wav: Buffer): DecodedWav {
  if (wav.length < 12 || wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; codec: number } | undefined;
  while (offset + 8 <= wav.length) {
    const id = wav.toString("ascii", offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      const tag = wav.readUInt16LE(body);
      format = {
        // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
        codec: tag === 0xfffe && size >= 26 ? wav.readUInt16LE(body + 24) : tag,
        channels: wav.readUInt16LE(body + 2),
        sampleRate: wav.readUInt32LE(body + 4),
        bits: wav.readUInt16LE(body + 14),
      };
    } else if (id === "data") {
      if (!format) throw new Error("WAV file has its data before its format");
      const end = Math.min(body + size, wav.length);
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        samples: toInt16(wav, body, end, format),
      };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw new Error("WAV file has no data chunk");
}
