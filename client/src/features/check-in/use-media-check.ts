import type { DeviceCheck } from "@bedside/shared";
import { useCallback, useEffect, useState } from "react";

export type DeviceStatus = "pending" | DeviceCheck["camera"];

function statusOf(err: unknown): DeviceStatus {
  const name = (err as DOMException | undefined)?.name;
  return name === "NotAllowedError" || name === "SecurityError" ? "denied" : "missing";
}

async function tryGet(constraints: MediaStreamConstraints): Promise<MediaStream | DeviceStatus> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (err) {
    return statusOf(err);
  }
}

interface MediaResult {
  camera: DeviceStatus;
  microphone: DeviceStatus;
  stream: MediaStream | undefined;
}

/** Camera and microphone together, else whichever works: a laptop with a broken camera can still join by voice. */
async function openMedia(): Promise<MediaResult> {
  if (!navigator.mediaDevices?.getUserMedia)
    return { camera: "missing", microphone: "missing", stream: undefined };
  const both = await tryGet({ video: true, audio: true });
  if (typeof both !== "string") return { camera: "ok", microphone: "ok", stream: both };
  const [audio, video] = [await tryGet({ audio: true }), await tryGet({ video: true })];
  const tracks = [audio, video].flatMap((s) => (typeof s === "string" ? [] : s.getTracks()));
  return {
    microphone: typeof audio === "string" ? audio : "ok",
    camera: typeof video === "string" ? video : "ok",
    stream: tracks.length ? new MediaStream(tracks) : undefined,
  };
}

/** Opens the camera and microphone for the preview and reports a live microphone level (0–1) for the meter. */
export function useMediaCheck() {
  const [media, setMedia] = useState<MediaResult>({
    camera: "pending",
    microphone: "pending",
    stream: undefined,
  });
  const [attempt, setAttempt] = useState(0);
  const [level, setLevel] = useState(0);
  const { stream } = media;

  useEffect(() => {
    let opened: MediaStream | undefined;
    let cancelled = false;
    void openMedia().then((result) => {
      opened = result.stream;
      if (cancelled) opened?.getTracks().forEach((t) => t.stop());
      else setMedia(result);
    });
    return () => {
      cancelled = true;
      opened?.getTracks().forEach((t) => t.stop());
    };
  }, [attempt]);

  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
      setLevel(Math.min(1, rms * 4));
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      void ctx.close();
    };
  }, [stream]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { camera: media.camera, microphone: media.microphone, stream, level, retry };
}

/** A short, gentle two-note chime through the default speaker. */
export async function playTestSound(): Promise<void> {
  const ctx = new AudioContext();
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  [523.25, 659.25].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    osc.frequency.value = freq;
    osc.connect(gain);
    const t = ctx.currentTime + i * 0.35;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.25, t + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    osc.start(t);
    osc.stop(t + 0.32);
  });
  await new Promise((r) => setTimeout(r, 800));
  // Not awaited: on a stuck audio device closing can hang, and the question must still come.
  void ctx.close().catch(() => {});
}

/** Median round trip of a few small requests to our own server. */
export async function measureConnection(url: string, tries = 3): Promise<number | null> {
  const times: number[] = [];
  for (let i = 0; i < tries; i++) {
    const t0 = performance.now();
    try {
      await fetch(url, { cache: "no-store" });
      times.push(performance.now() - t0);
    } catch {
      return null;
    }
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] ?? 0);
}
