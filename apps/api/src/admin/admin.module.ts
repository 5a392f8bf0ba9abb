// The operator's routes: deactivate an authorization, ban a partner or a seller.
import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';

@Module({ controllers: [AdminController] })
export class AdminModule {}
