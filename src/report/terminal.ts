/**
 * Text from the scanned code (resource labels, file names, values, parse-error tokens) is written
 * to terminals, CI logs and Markdown. Raw, an ESC or BEL there can retitle the terminal or clear
 * the screen, a carriage return or newline can forge a "0 failed" summary line, and bidirectional
 * overrides can reorder what a reviewer reads. Every such character is shown as an escape instead.
 */

// C0 controls except newline, DEL, C1 controls, and Unicode's invisible reordering and line separators.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text with every control character (newlines included) made visible. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, visible);
}

/** Text that may span lines: newlines kept, every other control character made visible. */
export function escapeControlKeepLines(text: string): string {
  return text.replace(CONTROL, visible);
}

// The only escape sequences Vigil itself writes: colours (SGR with a number).
const OWN_COLOUR = /\u001b\[\d{1,2}m/g;

/**
 * A console line, which holds at most Vigil's own colour codes: those stay when colour is on,
 * everything else that could steer a terminal is made visible.
 */
export function terminalLine(line: string, color: boolean): string {
  if (!color) return escapeControl(line);
  let out = '';
  let last = 0;
  for (const match of line.matchAll(OWN_COLOUR)) {
    out += escapeControl(line.slice(last, match.index)) + match[0];
    last = match.index! + match[0].length;
  }
  return out + escapeControl(line.slice(last));
}
