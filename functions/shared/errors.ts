import type { MessageKey, MessageParams } from './i18n';

/** A problem with one input field, to be shown in the request's language. */
export interface FieldProblem {
  key: MessageKey;
  params?: MessageParams;
}

/** Base of the errors use cases throw; the one error boundary maps each kind to HTTP. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly messageKey: MessageKey;
  constructor(messageKey: MessageKey, options?: ErrorOptions) {
    super(messageKey, options);
    this.name = new.target.name;
    this.messageKey = messageKey;
  }
}

export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
  constructor(readonly fields: Record<string, FieldProblem>) {
    super('error.invalid_input');
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
}

export class Conflict extends DomainError {
  readonly code = 'conflict';
}

export class Unauthorized extends DomainError {
  readonly code = 'unauthorized';
  constructor() {
    super('error.unauthorized');
  }
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden';
  constructor() {
    super('error.forbidden');
  }
}

export class RateLimited extends DomainError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super('error.rate_limited');
  }
}

export class ChallengeRequired extends DomainError {
  readonly code = 'challenge_required';
  constructor() {
    super('error.challenge_required');
  }
}

/** Why a form post from a page without JavaScript was refused: its form token is absent, not ours, too old or too fresh. */
export type FormRefusal = 'missing' | 'invalid' | 'expired' | 'too_fast';

/**
 * A form post whose form token cannot be taken (abuse/guard.ts). Answered 400 with a page in the form's
 * language that sends the same fields again with `resend` (a fresh token, or the same one once it is
 * old enough), so that what the person typed is never lost.
 */
export class FormRefused extends DomainError {
  readonly code = 'form_refused';
  constructor(
    readonly reason: FormRefusal,
    readonly resend: { path: '/api/reports' | '/api/suggestions'; idempotencyKey: string; formToken: string },
  ) {
    super(`error.form_${reason}`);
  }
}

/** The store or another dependency cannot answer now; the request may be retried. */
export class Unavailable extends DomainError {
  readonly code = 'unavailable';
  constructor(cause?: unknown) {
    super('error.unavailable', { cause });
  }
}

/** Raised by the HTTP layer before a body is parsed. */
export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
  constructor() {
    super('error.payload_too_large');
  }
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
  constructor() {
    super('error.unsupported_media_type');
  }
}

export class MalformedBody extends DomainError {
  readonly code = 'invalid_input';
  constructor() {
    super('error.malformed_body');
  }
}
