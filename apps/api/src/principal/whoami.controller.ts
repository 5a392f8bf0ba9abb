// Who the token says the caller is: a trivial authenticated route (client debugging, and the
// benchmarks' same-run baseline for the cost of everything around a handler).
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { WhoAmI } from '../openapi/answers.js';
import { ApiAuthenticated, ApiRead } from '../openapi/responses.js';

@ApiTags('principal')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/whoami')
export class WhoAmIController {
  @Get()
  @ApiRead(WhoAmI, { description: 'the principal of the token' })
  whoami(@Ctx() ctx: RequestContext) {
    return { ...ctx.principal, now: ctx.now };
  }
}
