/**
 * A size in binary units for people to read: whole bytes below 1 KB, then one decimal below
 * 100 of a unit and whole units above (`900 B`, `33.4 MB`, `535 KB`, `5.0 GB`).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]!}`;
}
