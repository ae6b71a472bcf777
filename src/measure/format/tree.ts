export function renderTree(..._a: unknown[]): string { return ''; }
