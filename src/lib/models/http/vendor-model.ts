import type { ChatModel, ChatRequest, ChatResponse } from '../../core/ports';
import type { ModelIdentity } from '../../core/schema/run';
import type { Endpoint, VendorError } from './http-errors';
import { completeOverHttp } from './transport';
import type { Completion, StreamAdapter } from './stream';

/**
 * What differs between the vendors' chat APIs once their settings are read: where a call goes,
 * how the key travels, and the protocol's request and reply shapes. Everything else (timeouts,
 * the reply cap, errors with the key redacted, streaming) is `completeOverHttp`'s.
 */
export interface Vendor {
  identity: ModelIdentity & { baseUrl: string };
  /** A name users recognise in messages: `Anthropic`, `Gemini`, or the server's host. */
  label: string;
  concurrency: number;
  stream: boolean;
  maxReplyBytes: number;
  /** The key, when there is one: it is redacted from every message. */
  apiKey?: string;
  /** The headers that carry the key and the API's version (content type and accept are added). */
  headers: Record<string, string>;
  url: string;
  body: (request: ChatRequest) => unknown;
  parseError: (body: unknown) => VendorError;
  parseBody: (json: unknown, label: string) => Completion;
  streamAdapter: (label: string) => StreamAdapter;
}

/** The settings every vendor's options share, once parsed. */
interface CommonSettings {
  baseUrl: string;
  model: string;
  concurrency: number;
  stream: boolean;
  maxReplyBytes: number;
  apiKey?: string | undefined;
}

/** The part of a `Vendor` its common settings give. */
export function commonVendorFields(
  provider: string,
  label: string,
  config: CommonSettings
): Pick<Vendor, 'identity' | 'label' | 'concurrency' | 'stream' | 'maxReplyBytes' | 'apiKey'> {
  return {
    identity: { provider, model: config.model, baseUrl: config.baseUrl },
    label,
    concurrency: config.concurrency,
    stream: config.stream,
    maxReplyBytes: config.maxReplyBytes,
    ...(config.apiKey ? { apiKey: config.apiKey } : {})
  };
}

/** The endpoint errors and limits are reported for. */
export function vendorEndpoint(vendor: Vendor): Endpoint {
  return {
    label: vendor.label,
    baseUrl: vendor.identity.baseUrl,
    model: vendor.identity.model,
    secrets: vendor.apiKey === undefined ? [] : [vendor.apiKey],
    maxReplyBytes: vendor.maxReplyBytes,
    hasKey: vendor.apiKey !== undefined,
    parseError: vendor.parseError
  };
}

/** The ChatModel of one vendor's chat API. */
export function vendorModel(vendor: Vendor): ChatModel {
  const endpoint = vendorEndpoint(vendor);
  const headers = {
    ...vendor.headers,
    'content-type': 'application/json',
    accept: vendor.stream ? 'text/event-stream' : 'application/json'
  };
  return {
    identity: vendor.identity,
    concurrency: vendor.concurrency,
    complete(request: ChatRequest): Promise<ChatResponse> {
      return completeOverHttp(
        endpoint,
        {
          url: vendor.url,
          headers,
          body: vendor.body(request),
          stream: vendor.stream,
          parseBody: (json) => vendor.parseBody(json, vendor.label),
          streamAdapter: () => vendor.streamAdapter(vendor.label)
        },
        request
      );
    }
  };
}
