import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '@parley/core';
import { rateLimited, RateLimiterService } from './rate-limit/rate-limiter.service';

/**
 * Who may try a join code. A whole class usually shares one school address, so only wrong codes count against
 * an address; once an address has used up its wrong codes, it may still join the sessions a classmate already
 * joined from there (one student guessing cannot lock the others out), and nothing else: a right code of any
 * other session is refused like a wrong one, so the refusal tells a guesser nothing. Each session also limits
 * how fast students join it.
 */
@Injectable()
export class JoinAdmissionService {
  constructor(private readonly limits: RateLimiterService) {}

  /** A code no session has: `invalid_join_code` while the address has wrong codes left, `rate_limited` after. */
  async refuseUnknownCode(address: string): Promise<never> {
    await this.limits.take('join', address, 'wrong join codes from this address');
    throw new AppError(ErrorCode.InvalidJoinCode, 'No session has this code. Check it with your teacher.');
  }

  /** Throws `rate_limited` unless a student from `address` may join `classroomId` now. */
  async admit(classroomId: string, address: string): Promise<void> {
    const wrongCodes = await this.limits.peek('join', address);
    if (!wrongCodes.allowed && !(await this.isFamiliar(classroomId, address)))
      throw rateLimited(wrongCodes, 'wrong join codes from this address');
    await this.limits.take('classroomJoin', classroomId, 'students joining this session at once');
  }

  /** Records that a student of `classroomId` joined from `address`. */
  async joined(classroomId: string, address: string): Promise<void> {
    await this.limits.consume('familiarAddress', familiarKey(classroomId, address));
  }

  private async isFamiliar(classroomId: string, address: string): Promise<boolean> {
    // The marker bucket holds one token; spent means someone joined from here.
    return !(await this.limits.peek('familiarAddress', familiarKey(classroomId, address))).allowed;
  }
}

function familiarKey(classroomId: string, address: string): string {
  return `${classroomId}:${address}`;
}
