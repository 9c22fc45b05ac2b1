/** Saves `text` as `<name>.yaml` through the browser's download. */
export function downloadWorkbook(text: string, name = 'workbook'): void {
  const blob = new Blob([text], { type: 'application/yaml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${name}.yaml`;
  a.click();
  // Revoked a moment later: revoking at once can cancel the download before it starts.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
