/**
 * One line of a form's error summary: the field's label, then what is wrong with it ("Chuyện gì đã
 * xảy ra: Cần ít nhất 10 ký tự."). The same on the server's page and in the page's script, which
 * imports this module alone (nothing else of the forms' code reaches the browser).
 */
export function summaryLine(label: string, message: string): string {
  return `${label.trim().replace(/[?:]$/, '')}: ${message}`;
}
