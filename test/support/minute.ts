/**
 * Waits, when needed, until early in a UTC minute and answers that minute (`YYYY-MM-DDTHH:MM`), so that
 * a test of a per-minute limit or counter runs inside one minute: past `latestSecond` it waits for the
 * next one. The in-process limiter's estimate slides over two windows, so a burst straddling a minute's
 * edge would let more through than the limit.
 */
export async function earlyInAMinute(latestSecond = 40): Promise<string> {
  const seconds = new Date().getUTCSeconds();
  if (seconds > latestSecond) await new Promise((r) => setTimeout(r, (61 - seconds) * 1000));
  return new Date().toISOString().slice(0, 16);
}
