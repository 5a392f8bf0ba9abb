// Who the bearer token says the caller is.
import { Module } from '@nestjs/common';
import { WhoAmIController } from './whoami.controller.js';

@Module({ controllers: [WhoAmIController] })
export class PrincipalModule {}
