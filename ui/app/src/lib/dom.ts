// Browser-only helpers (forms, downloads); format.ts stays pure, for the tests to share.

/** A form's fields as trimmed text (files, which no form here has, as ''). */
export function formValues(form: EventTarget | null): Record<string, string> {
  const values: Record<string, string> = {};
  if (!(form instanceof HTMLFormElement)) return values;
  for (const [name, value] of new FormData(form).entries())
    values[name] = typeof value === 'string' ? value.trim() : '';
  return values;
}

/** Offers `text` as a file download. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
