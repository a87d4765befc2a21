// Types for web/render.js (plain JS served to the browser as is), used by the server's tests.
export interface ChangeLike {
  start: number;
  end: number;
  sourceStart: number;
  sourceEnd: number;
}
export interface LayerItem {
  start: number;
  end: number;
  cls: string;
  attrs?: Record<string, string>;
  firstAttrs?: Record<string, string>;
}
export function esc(s: string): string;
export function fa(n: number): string;
export function faDate(iso: string | null | undefined): string;
export function faMonth(key: string): string;
export function sourceToText(changes: readonly ChangeLike[], pos: number, bias: 'start' | 'end'): number;
export function toWord(text: string, s: number, e: number): [number, number];
export function layered(text: string, items: readonly LayerItem[]): string;
export function visible(s: string): string;
export function articleText(a: Record<string, unknown>): string;
export const TYPE_LABELS: Record<string, string>;
export const CHANGE_LABELS: Record<string, string>;
