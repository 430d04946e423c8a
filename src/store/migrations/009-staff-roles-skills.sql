-- Work model (issue #14): a staff member may be a commune specialist officer (role `specialist`, never moved
-- by the Center), and lists the work types they do (`skills`, ids of models/work-types.json; empty = every
-- work type open to their role). Existing rows keep their role and get no listed skills.
ALTER TABLE staff DROP CONSTRAINT IF EXISTS staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('staff', 'point_lead', 'specialist'));
ALTER TABLE staff ADD COLUMN skills text[] NOT NULL DEFAULT '{}';
