package hdlab.core.data;


/**
 * Where the Trainer gets its examples: a stream (fresh samples every call) or a fixed data set (mini-batches
 * or the full batch). {@link #next()} returns a batch whose buffers the source owns and overwrites on the next
 * call, so a streaming loop allocates nothing. One instance per work item (it holds a random stream).
 */
public interface BatchSource {
  /** The next batch; valid until the following call. */
  Batch next();

  /** Examples per batch. */
  int batchSize();
}
