// Public surface of @tracey/producer-core: filled in by its own issue (see README roadmap).
export {};
