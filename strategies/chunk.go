package strategies

// Chunker is implemented by a strategy that hands out its items in chunks
// of a size it can be given: WithChunk returns a new value of it that
// hands out chunk items at a time, 0 meaning its own choice (mostly
// Pool.map's chunksize, ceil(n / (4 × workers))). The value is new: a
// PersistentPool's has workers of its own, which its Close stops. A
// strategy that is no Chunker has no chunks to size (TraitsOf says
// IgnoresChunk).
type Chunker interface {
	WithChunk(chunk int) Strategy
}

// WithChunk returns s with Chunk set to chunk.
func (s ClosurePartial) WithChunk(chunk int) Strategy { s.Chunk = chunk; return s }

// WithChunk returns s with Chunk set to chunk.
func (s StructWorker) WithChunk(chunk int) Strategy { s.Chunk = chunk; return s }

// WithChunk returns s with Chunk set to chunk.
func (s ErrGroup) WithChunk(chunk int) Strategy { s.Chunk = chunk; return s }

// WithChunk returns s with Batch, its chunk, set to chunk.
func (s ChannelPipeline) WithChunk(chunk int) Strategy { s.Batch = chunk; return s }

// WithChunk returns a new, unstarted pool with p's Spin and Chunk set to
// chunk: its workers are its own, stopped by its Close.
func (p *PersistentPool) WithChunk(chunk int) Strategy {
	return &PersistentPool{Chunk: chunk, Spin: p.Spin}
}
