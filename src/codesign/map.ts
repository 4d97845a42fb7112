/**
 * Mapping layers (pure): a layer's problem + arch + dataflow → the mapper's best mapping with its search
 * statistics.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Arch } from '../arch/index.js';
import { makeMapspace, type Dataflow, type MappingInvalid } from '../mapping/index.js';
import { search, type SearchOptions, type SearchResult } from '../mapper/index.js';
import type { Problem } from '../workload/index.js';

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Search the best mapping of one problem; a failure says why in the `MappingInvalid` vocabulary. */
export const mapProblem = (arch: Arch, problem: Problem, dataflow: Dataflow, opts: SearchOptions): E.Either<ReadonlyArray<MappingInvalid>, SearchResult> =>
  pipe(
    search(makeMapspace(arch, problem, dataflow), opts),
    E.mapLeft((f): ReadonlyArray<MappingInvalid> => [{ _tag: 'NoMapping', reason: f.message }]),
  );
