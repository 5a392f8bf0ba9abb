// The seller's grants and its actions on them; the partner's renewal and cancellation requests.
import { Module } from '@nestjs/common';
import { AuthorizationsController } from './authorizations.controller.js';
import { RenewalRequests } from './renewal-requests.js';

@Module({ controllers: [AuthorizationsController], providers: [RenewalRequests] })
export class AuthorizationsModule {}
