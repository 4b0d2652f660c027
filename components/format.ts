// How the portals write dates, counts and sizes: one spelling everywhere.

/** "Nov 30, 2026, 1:07 AM" */
export function formatWhen(d: Date): string {
  return d.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

const count = new Intl.NumberFormat("en-US");

/** "12,345" */
export function formatCount(n: number): string {
  return count.format(n);
}

/** Bytes in the unit a person reads: 1.2 MB, not 1234567. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
