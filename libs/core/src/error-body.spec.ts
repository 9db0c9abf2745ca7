import { AppError } from './app-error';
import { ReportedError, toErrorBody, unreported } from './error-body';
import { ErrorCode } from './error-code';

describe('ReportedError', () => {
  it('carries the body already sent, so describing it again gives the same code, message and correlation id', () => {
    const failure = new Error('the model broke');
    const body = toErrorBody(failure);
    const reported = new ReportedError(failure, body);
    expect(toErrorBody(reported)).toBe(body);
    expect(body.correlationId).toBeDefined();
    expect(reported.message).toBe(body.message);
    expect(reported.message).not.toContain('the model broke');
  });

  it('is seen through to the failure it reports, and leaves anything else as it is', () => {
    const failure = new AppError(ErrorCode.UnknownPersona, 'No persona "x".');
    expect(unreported(new ReportedError(failure, toErrorBody(failure)))).toBe(failure);
    expect(unreported(failure)).toBe(failure);
    expect(unreported('plain')).toBe('plain');
  });
});
