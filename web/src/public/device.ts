// What the public pages keep in the citizen's own browser (localStorage):
// a random device id, sent as X-Device-Id with each submission so the
// server can limit floods from one device, and the tracking codes of the
// issues submitted from here (我的反映), newest first. Nothing personal:
// no name, no phone. Storage may be unavailable (private mode): then the
// id lives for the page's lifetime and the list stays empty.

const DEVICE_KEY = 'renda.deviceId';
const MINE_KEY = 'renda.myOpinions';
const MINE_MAX = 20;

let fallbackId = '';

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This browser's device id (made once, then kept). */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[0-9a-f]{32}$/.test(id)) {
      id = randomId();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    if (!fallbackId) fallbackId = randomId();
    return fallbackId;
  }
}

export interface MySubmission {
  code: string;
  title: string;
  /** When it was submitted here (ms since the epoch). */
  at: number;
}

/** The issues submitted from this browser, newest first. */
export function mySubmissions(): MySubmission[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(MINE_KEY) ?? '[]');
    if (!Array.isArray(v)) return [];
    return v.filter(
      (x): x is MySubmission =>
        typeof x === 'object' && x !== null && typeof x.code === 'string' && typeof x.title === 'string' && typeof x.at === 'number',
    );
  } catch {
    return [];
  }
}

/** Remembers a submission (at most MINE_MAX are kept). */
export function rememberSubmission(s: MySubmission): void {
  const list = [s, ...mySubmissions().filter((x) => x.code !== s.code)].slice(0, MINE_MAX);
  try {
    localStorage.setItem(MINE_KEY, JSON.stringify(list));
  } catch {
    /* not remembered; the page still shows the code */
  }
}

/** Forgets one code from the list. */
export function forgetSubmission(code: string): void {
  try {
    localStorage.setItem(MINE_KEY, JSON.stringify(mySubmissions().filter((x) => x.code !== code)));
  } catch {
    /* nothing to do */
  }
}
