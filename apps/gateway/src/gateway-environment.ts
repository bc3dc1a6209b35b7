import { IsInt, Max, Min } from 'class-validator';
import { BaseEnvironment } from '@atlas/config';
import { LARGEST_RECORD_BYTES, LARGEST_RECORD_COUNT } from './records/envelope-size';

/** The limits a push must keep; refused pushes name the variable of the limit they broke. */
export class GatewayEnvironment extends BaseEnvironment {
  override HTTP_PORT = 3000;

  /** Largest request body, in bytes (after decompression). */
  @IsInt()
  @Min(1024)
  @Max(256 * 1024 * 1024)
  MAX_REQUEST_BODY_BYTES: number = 32 * 1024 * 1024;

  /** Largest number of records one push request may carry. */
  @IsInt()
  @Min(1)
  @Max(LARGEST_RECORD_COUNT)
  MAX_RECORDS_PER_REQUEST: number = 10000;

  /**
   * Largest record, in bytes of its JSON. Bounded by the broker's message size minus the envelope;
   * the default leaves half of it for what protection adds downstream (findings, longer replacements).
   */
  @IsInt()
  @Min(1024)
  @Max(LARGEST_RECORD_BYTES)
  MAX_RECORD_BYTES: number = 512 * 1024;

  /** Longest string value, in UTF-16 code units (JavaScript's string length). */
  @IsInt()
  @Min(1)
  @Max(LARGEST_RECORD_BYTES)
  MAX_STRING_LENGTH: number = 100000;

  /** Deepest nesting of objects and arrays; the record itself is level 1. */
  @IsInt()
  @Min(1)
  @Max(256)
  MAX_NESTING_DEPTH: number = 32;

  /** Most keys in one object. */
  @IsInt()
  @Min(1)
  @Max(100000)
  MAX_KEYS_PER_OBJECT: number = 1000;

  /** Longest object key, in UTF-16 code units. */
  @IsInt()
  @Min(1)
  @Max(10000)
  MAX_KEY_LENGTH: number = 256;
}
