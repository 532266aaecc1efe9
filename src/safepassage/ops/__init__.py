"""Operations tooling standing on every app: generator, backup, key rotation, API docs, checks, commands."""
