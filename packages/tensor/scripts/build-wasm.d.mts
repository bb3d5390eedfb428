export const GENERATED: string;
export const VARIANTS: Record<string, string[]>;
export function renderGenerated(): Promise<string>;
