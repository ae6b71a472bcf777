export function renderTrace(..._a: unknown[]): string { return ''; }
