// A command that takes no body (renew, approve, sign, withdraw, DELETE...) refuses one: an array,
// a scalar or any field is 400, as an unknown field is on the routes that do take a body. Without
// this such a body would be ignored, and a client sending garbage could not tell.
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '#libs/shell';

const BODY_KINDS = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.RAW_BODY]);

@Injectable()
export class BodyLessRouteGuard implements CanActivate {
  private readonly takesBody = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const body = context.switchToHttp().getRequest<FastifyRequest>().body;
    if (body === undefined || body === null || this.routeTakesBody(context)) return true;
    if (typeof body !== 'object' || Array.isArray(body))
      throw badRequest('this route takes no body', [{ field: '', message: 'send no body, or an empty JSON object' }]);
    const fields = Object.keys(body);
    if (fields.length === 0) return true;
    throw badRequest(
      `this route takes no body: ${fields.map((f) => `property ${f} should not exist`).join('; ')}`,
      fields.map((field) => ({ field, message: `property ${field} should not exist` })),
    );
  }

  private routeTakesBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      takes = Object.keys(args).some((k) => BODY_KINDS.has(Number(k.split(':')[0])));
      this.takesBody.set(handler, takes);
    }
    return takes;
  }
}
