// Bearer JWT on every route but the public ones; then the route's roles (403 for others).
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '#libs/platform';
import { ALLOWED_ROLES, forbiddenRole, PUBLIC_ROUTE, TOKEN_VERIFIER, unauthorized } from '#libs/shell';
import { bearerTokenOf } from './bearer.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: (token: string) => Principal,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) throw unauthorized('send Authorization: Bearer <token>');
    try {
      // The rate limit, which runs first, may already have verified this very token.
      request.principal ??= this.verify(token);
    } catch (error) {
      throw unauthorized(`the token is not valid: ${(error as Error).message}`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) throw forbiddenRole(`this route is for: ${roles.join(', ')}`);
    return true;
  }
}
