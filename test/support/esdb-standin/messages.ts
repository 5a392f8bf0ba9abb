// The stand-in's protobuf messages, built with the very classes @eventstore/db-client ships (its
// generated/ code), so the client parses them exactly as it parses the real server's.
import * as shared from '@eventstore/db-client/generated/shared_pb.js';
import * as streams from '@eventstore/db-client/generated/streams_pb.js';
import type { Expected, LogRecord, ProposedEvent } from './log.js';

export { shared, streams };

export function recordedEvent(record: LogRecord): streams.ReadResp.ReadEvent.RecordedEvent {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(new shared.UUID().setString(record.id));
  recorded.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(record.streamName, 'utf8'))));
  recorded.setStreamRevision(record.revision.toString());
  recorded.setCommitPosition(record.position.toString());
  recorded.setPreparePosition(record.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', record.created.toString());
  recorded.setCustomMetadata(Uint8Array.from(record.customMetadata));
  recorded.setData(Uint8Array.from(record.data));
  return recorded;
}

/** An event as a $all read or subscription sends it (with its commit position). */
export function eventResponse(record: LogRecord, withCommitPosition: boolean): streams.ReadResp {
  const event = new streams.ReadResp.ReadEvent().setEvent(recordedEvent(record));
  if (withCommitPosition) event.setCommitPosition(record.position.toString());
  else event.setNoPosition(new shared.Empty());
  return new streams.ReadResp().setEvent(event);
}

export function streamNotFound(streamName: string): streams.ReadResp {
  const notFound = new streams.ReadResp.StreamNotFound().setStreamIdentifier(
    new shared.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8'))),
  );
  return new streams.ReadResp().setStreamNotFound(notFound);
}

export function confirmation(id: string): streams.ReadResp {
  return new streams.ReadResp().setConfirmation(new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(id));
}

export function caughtUp(): streams.ReadResp {
  return new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp());
}

export function uuidOf(uuid: shared.UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured()!;
  const hex = (v: string) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
  const h = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function proposedEvent(message: streams.AppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidOf(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: Buffer.from(message.getData_asU8()),
    customMetadata: Buffer.from(message.getCustomMetadata_asU8()),
  };
}

export function expectedOf(options: streams.AppendReq.Options): Expected {
  if (options.hasRevision()) return BigInt(options.getRevision());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

export function appendSuccess(currentRevision: bigint, first: bigint, last: bigint): streams.AppendResp {
  const success = new streams.AppendResp.Success()
    .setCurrentRevision(currentRevision.toString())
    .setPosition(new streams.AppendResp.Position().setCommitPosition(last.toString()).setPreparePosition(first.toString()));
  return new streams.AppendResp().setSuccess(success);
}

export function wrongExpectedVersion(expected: Expected, current: bigint | 'no_stream'): streams.AppendResp {
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (current === 'no_stream') wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(current.toString());
  if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return new streams.AppendResp().setWrongExpectedVersion(wrong);
}
