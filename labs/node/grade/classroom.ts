/**
 * GitHub Classroom autograding result from a check-lab JSON report.
 *
 * The grading reporter (classroom-resources/autograding-grading-reporter@v1) reads, for each runner
 * id, the env var `<ID>_RESULTS` holding base64(JSON) of
 * `{version:1, status, max_score, tests:[{name, status, score, message, test_code, filename, line_no, duration}]}`
 * and records Σ tests[].score as the learner's points. One check is one test, so points per check are
 * kept exactly. Hidden checks are left out (check-lab never runs them for learners anyway).
 */
import type { Report } from '../../core/report/types';

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: Array<{
    name: string;
    status: 'pass' | 'fail' | 'error';
    score: number;
    message: string;
    test_code: string;
    filename: string;
    line_no: number;
    duration: number;
  }>;
}

export function classroomResult(report: Report): ClassroomResult {
  if (report.error) {
    return {
      version: 1,
      status: 'error',
      max_score: report.maxScore,
      tests: [
        {
          name: 'submission',
          status: 'error',
          score: 0,
          message: report.error.message,
          test_code: 'check-lab',
          filename: '',
          line_no: 0,
          duration: 0,
        },
      ],
    };
  }
  const checks = report.checks.filter((c) => !c.hidden);
  const tests = checks.map((c) => {
    const first = c.findings.find((f) => f.file && f.severity !== 'info') ?? c.findings.find((f) => f.file);
    const status: 'pass' | 'fail' | 'error' = c.status === 'error' ? 'error' : c.status === 'fail' ? 'fail' : 'pass';
    return {
      name: `${c.title} (${c.id})`,
      status,
      score: c.points,
      message: c.findings
        .filter((f) => f.severity !== 'info' || c.status === 'warn')
        .map((f) => `${f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : ''}${f.message}`)
        .concat(c.status === 'pass' ? [] : [c.docsUrl])
        .join('\n'),
      test_code: `check-lab --only ${c.id}`,
      filename: first?.file ?? '',
      line_no: first?.line ?? 0,
      duration: Math.round(c.durationMs ?? 0),
    };
  });
  const max = checks.reduce((n, c) => n + c.maxPoints, 0);
  return {
    version: 1,
    status: tests.some((t) => t.status === 'error')
      ? 'error'
      : tests.some((t) => t.status === 'fail')
        ? 'fail'
        : 'pass',
    max_score: max,
    tests,
  };
}

/** What the workflow puts in `$GITHUB_OUTPUT`: base64 of the JSON. */
export function classroomResultBase64(report: Report): string {
  const json = JSON.stringify(classroomResult(report));
  // Buffer is fine here: labs/node is Node-only.
  return Buffer.from(json, 'utf8').toString('base64');
}
