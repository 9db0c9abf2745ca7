-- A debate's stances: what the teacher assigned each debater to argue, by persona id ('{}' when none were set;
-- a debater without one declares its own with its first turn).
ALTER TABLE classrooms ADD COLUMN stances jsonb NOT NULL DEFAULT '{}'::jsonb;
