export function renderHtml(..._a: unknown[]): string { return ''; }
