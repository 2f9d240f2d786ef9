export const PIP_LOCKED: string[];
export function ensureSpeech(log: (msg: string) => void, aptInstall: (pkg: string) => boolean): void;
