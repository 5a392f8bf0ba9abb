// A replay (blue/green rebuild) of read models, asked by an operator (npm run replay).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REPLAYABLE } from '../read-side/replay.service.js';

export class StartReplayDto {
  @ApiProperty({ enum: REPLAYABLE, description: 'a projection, or all of them' })
  @IsIn(REPLAYABLE, { message: `projection must be one of: ${REPLAYABLE.join(', ')}` })
  projection!: string;
}

export class ReplayStatusDto {
  @ApiProperty()
  replayId!: string;

  @ApiProperty({ type: [String] })
  projections!: string[];

  @ApiProperty({ enum: ['RUNNING', 'SWITCHED', 'FAILED'], description: 'SWITCHED: the pages read the rebuilt read models' })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;

  @ApiProperty({ description: 'the log position the rebuild has applied, a decimal string' })
  appliedPosition!: string;

  @ApiProperty({ description: "the log's last position now, a decimal string" })
  headPosition!: string;

  @ApiProperty()
  eventsApplied!: number;

  @ApiProperty()
  eventsLeft!: number;

  @ApiProperty()
  eventsPerSecond!: number;

  @ApiProperty({ type: Number, nullable: true })
  secondsLeft!: number | null;

  @ApiPropertyOptional({ description: 'why it failed; the read models in use did not change' })
  error?: string;
}
