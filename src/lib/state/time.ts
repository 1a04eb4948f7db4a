/** The current time as an ISO string (kept out of rune files, where Date reads as state). */
export function isoNow(): string {
  return new Date().toISOString();
}
