// The hidden marker that lets the action find its own sticky comment (one per config and job), and
// the "Earlier runs on this PR" list carried from one version of the comment to the next. Finding and
// updating the comment through the GitHub API is the action's job; this file only writes and reads text.

export const EARLIER_RUNS_LIMIT = 20;
const EARLIER_START = '<!-- perf-action:earlier-runs -->';
const EARLIER_END = '<!-- perf-action:earlier-runs-end -->';
const CURRENT_START = '<!-- perf-action:this-run ';
const CURRENT_END = ' -->';

/** Marker key parts keep only characters that cannot end an HTML comment or break the key. */
function markerPart(text: string): string {
  return text.replace(/[^A-Za-z0-9._/ -]/g, '_').replace(/-{2,}/g, '-').trim() || '_';
}

/** `<!-- perf-action:<config>:<job> -->`, the first line of the comment. */
export function commentMarker(configName: string, job: string | undefined): string {
  return `<!-- perf-action:${markerPart(configName)}:${markerPart(job ?? 'default')} -->`;
}

/** True when `body` is the comment for this config and job. */
export function hasMarker(body: string, configName: string, job: string | undefined): boolean {
  return body.includes(commentMarker(configName, job));
}

/**
 * The one-line verdict of this run, stored in a hidden comment so the next run can list it. The line
 * is already Markdown-escaped; "--" is broken so it cannot close the HTML comment early.
 */
export function currentRunRecord(line: string): string {
  return `${CURRENT_START}${line.replace(/--/g, '-\u200b-')}${CURRENT_END}`;
}

/** Earlier one-line verdicts from a previous body, newest first: its own run, then the runs it listed. */
export function parseEarlierRuns(previousBody: string | undefined): string[] {
  if (previousBody === undefined) return [];
  const lines: string[] = [];
  const currentAt = previousBody.indexOf(CURRENT_START);
  if (currentAt >= 0) {
    const end = previousBody.indexOf(CURRENT_END, currentAt + CURRENT_START.length);
    if (end > currentAt) lines.push(previousBody.slice(currentAt + CURRENT_START.length, end).trim());
  }
  const start = previousBody.indexOf(EARLIER_START);
  const stop = previousBody.indexOf(EARLIER_END);
  if (start >= 0 && stop > start) {
    for (const raw of previousBody.slice(start + EARLIER_START.length, stop).split('\n')) {
      const match = /^\s*-\s+(.+)$/.exec(raw);
      if (match?.[1] !== undefined) lines.push(match[1].trim());
    }
  }
  // Our own lines never hold raw markup; anything else (a hand-edited body) is dropped, not trusted.
  return lines.filter((line) => line.length > 0 && line.length <= 500 && !/[<>@|`[\]\\]/.test(line)).slice(0, EARLIER_RUNS_LIMIT);
}

/** The collapsed list; lines are kept verbatim (they were escaped when first written). */
export function renderEarlierRuns(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const kept = lines.slice(0, EARLIER_RUNS_LIMIT);
  return [
    `<details><summary>Earlier runs on this PR (${kept.length})</summary>`,
    '',
    EARLIER_START,
    ...kept.map((line) => `- ${line}`),
    EARLIER_END,
    '',
    '</details>',
  ].join('\n');
}
