// Public surface of @tracey/schemas: filled in by its own issue (see README roadmap).
export {};
