-- A "no record" refusal offers the documents that came closest (readFurther); kept with the message, so that a
-- reloaded conversation offers them again. NULL on every other message and on messages stored before this.
ALTER TABLE messages ADD COLUMN read_further jsonb;
