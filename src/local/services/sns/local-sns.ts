/**
 * SNS as an outbox: every published message is appended as one JSON line to
 * `<root>/.statecraft/sns/<topic-name>.jsonl`, and optionally reported as one
 * line to an injected logger. Nothing is delivered anywhere.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { LocalServiceError } from '../internal/service-error.js';

/** A message attribute, as the SNS API takes it. */
export interface SnsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

/** `publish` input (the SNS API's fields). */
export interface SnsPublishInput {
  readonly TopicArn: string;
  readonly Message: string;
  readonly Subject?: string;
  readonly MessageAttributes?: Readonly<Record<string, SnsMessageAttribute>>;
  /** Required for FIFO topics (`….fifo`). */
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
}

/** `publish` output. */
export interface SnsPublishOutput {
  readonly MessageId: string;
  /** FIFO topics only. */
  readonly SequenceNumber?: string;
}

/** One line of a topic's outbox file. */
export interface SnsOutboxRecord {
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageAttributes?: Readonly<Record<string, SnsMessageAttribute>>;
  readonly MessageGroupId?: string;
  readonly SequenceNumber?: string;
  /** When it was published (the injected clock, e.g. virtual time), ISO-8601. */
  readonly Timestamp: string;
}

/** Options of {@link LocalSns}. */
export interface LocalSnsOptions {
  /** The project folder; outboxes live under `<root>/.statecraft/sns`. */
  readonly root: string;
  /**
   * The topics that exist (names or ARNs). When given, publishing to another
   * topic fails with `NotFoundException`, as in AWS; when omitted, any topic exists.
   */
  readonly topics?: readonly string[];
  /** Receives one human-readable line per published message. Library code never logs by itself. */
  readonly log?: (line: string) => void;
  /** Clock for message timestamps (epoch ms). @default Date.now */
  readonly now?: () => number;
  /** Message id generator. @default crypto.randomUUID */
  readonly messageId?: () => string;
}

const TOPIC_ARN_RE = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;
const TOPIC_NAME_RE = /^[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;
const ATTRIBUTE_TYPE_RE = /^(String|Number|Binary|String\.Array)(\..+)?$/;

/** The topic name of a topic ARN, or an `InvalidParameterException`. @internal */
export function topicNameOf(topicArn: string): string {
  const m = typeof topicArn === 'string' ? TOPIC_ARN_RE.exec(topicArn) : null;
  if (m === null) {
    throw new LocalServiceError('SNS', 'InvalidParameterException', `Invalid parameter: TopicArn (${JSON.stringify(topicArn)} is not an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:my-topic)`, 400);
  }
  return m[1]!;
}

/** SNS as a JSONL outbox per topic. */
export class LocalSns {
  private readonly dir: string;
  private readonly topics: ReadonlySet<string> | undefined;
  private readonly log: ((line: string) => void) | undefined;
  private readonly now: () => number;
  private readonly newId: () => string;
  private sequence = 0n;
  /** Appends per topic run one after another, so lines keep publish order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(options: LocalSnsOptions) {
    this.dir = path.resolve(options.root, '.statecraft', 'sns');
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.newId = options.messageId ?? randomUUID;
    if (options.topics !== undefined) {
      this.topics = new Set(
        options.topics.map((t) => {
          if (t.startsWith('arn:')) return topicNameOf(t);
          if (!TOPIC_NAME_RE.test(t)) throw new LocalServiceError('SNS', 'InvalidParameterException', `Invalid parameter: topic name ${JSON.stringify(t)} (letters, digits, '-' and '_', up to 256, optional '.fifo')`, 400);
          return t;
        }),
      );
    }
  }

  /** The outbox file of a topic (name or ARN). */
  outboxPath(topic: string): string {
    return path.join(this.dir, `${topic.startsWith('arn:') ? topicNameOf(topic) : topic}.jsonl`);
  }

  /** Publishes a message: appends it to the topic's outbox and logs one line. */
  async publish(input: SnsPublishInput): Promise<SnsPublishOutput> {
    const topic = topicNameOf(input.TopicArn);
    if (this.topics !== undefined && !this.topics.has(topic)) {
      throw new LocalServiceError('SNS', 'NotFoundException', 'Topic does not exist', 404);
    }
    if (typeof input.Message !== 'string' || input.Message === '') {
      throw new LocalServiceError('SNS', 'InvalidParameterException', 'Invalid parameter: Message (must be a non-empty string)', 400);
    }
    if (input.Subject !== undefined && (input.Subject.length > 100 || /[\r\n]/.test(input.Subject))) {
      throw new LocalServiceError('SNS', 'InvalidParameterException', 'Invalid parameter: Subject (at most 100 characters, no line breaks)', 400);
    }
    for (const [name, attr] of Object.entries(input.MessageAttributes ?? {})) {
      if (!ATTRIBUTE_TYPE_RE.test(attr.DataType)) {
        throw new LocalServiceError('SNS', 'InvalidParameterException', `Invalid parameter: MessageAttributes.${name}.DataType ${JSON.stringify(attr.DataType)} (String, Number, Binary or String.Array)`, 400);
      }
    }
    const fifo = topic.endsWith('.fifo');
    if (fifo && input.MessageGroupId === undefined) {
      throw new LocalServiceError('SNS', 'InvalidParameterException', 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics', 400);
    }
    let sequenceNumber: string | undefined;
    if (fifo) {
      this.sequence += 1n;
      sequenceNumber = (10_000_000_000_000_000_000n + this.sequence).toString();
    }
    const record: SnsOutboxRecord = {
      MessageId: this.newId(),
      TopicArn: input.TopicArn,
      ...(input.Subject === undefined ? {} : { Subject: input.Subject }),
      Message: input.Message,
      ...(input.MessageAttributes === undefined ? {} : { MessageAttributes: input.MessageAttributes }),
      ...(input.MessageGroupId === undefined ? {} : { MessageGroupId: input.MessageGroupId }),
      ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      Timestamp: new Date(this.now()).toISOString(),
    };
    const file = this.outboxPath(topic);
    const prev = this.queues.get(topic) ?? Promise.resolve();
    // One append of one whole line: O_APPEND keeps concurrent writers from interleaving it.
    const next = prev.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
    });
    this.queues.set(topic, next.catch(() => undefined));
    await next;
    if (this.log !== undefined) {
      const text = input.Message.length > 200 ? `${input.Message.slice(0, 200)}…` : input.Message;
      this.log(`[sns] ${topic}${input.Subject === undefined ? '' : ` "${input.Subject}"`}: ${text.replace(/\s+/g, ' ')}`);
    }
    return { MessageId: record.MessageId, ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }) };
  }

  /** The messages published to a topic so far (name or ARN), oldest first. */
  async messages(topic: string): Promise<SnsOutboxRecord[]> {
    const text = await readFile(this.outboxPath(topic), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const file = this.outboxPath(topic);
    return text.split('\n').flatMap((line, i) => {
      if (line === '') return [];
      try {
        return [JSON.parse(line) as SnsOutboxRecord];
      } catch {
        throw new Error(`${file}:${i + 1} is not a JSON line (a write cut short?); remove or fix that line.`);
      }
    });
  }
}
