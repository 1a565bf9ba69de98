-- The calls per mailbox now hold slots of common's call_slot (common's V0_4, com.crm.integrations.common.slots), keyed
-- by the mailbox as mailbox_slot was (<provider>:<account fingerprint or connection id>). A slot held in mailbox_slot
-- at the upgrade is forgotten: its call ends within its lease.
DROP TABLE mailbox_slot;
