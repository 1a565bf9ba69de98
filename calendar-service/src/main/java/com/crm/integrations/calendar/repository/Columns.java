package com.crm.integrations.calendar.repository;

import jakarta.persistence.Converter;

import com.crm.integrations.calendar.CommandOutcome;
import com.crm.integrations.calendar.BatchState;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.LinkState;
import com.crm.integrations.calendar.LinkStateReason;
import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncReason;
import com.crm.integrations.calendar.SyncRunState;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.retry.FailureCategory;

/** The enum columns of calendar-service's entities, each stored by its wire name. */
public final class Columns {

    private Columns() {
    }

    @Converter(autoApply = true)
    public static class Provider extends WireNameColumn<CalendarProvider> {
        public Provider() {
            super(CalendarProvider.class);
        }
    }

    @Converter(autoApply = true)
    public static class State extends WireNameColumn<LinkState> {
        public State() {
            super(LinkState.class);
        }
    }

    @Converter(autoApply = true)
    public static class StateReason extends WireNameColumn<LinkStateReason> {
        public StateReason() {
            super(LinkStateReason.class);
        }
    }

    @Converter(autoApply = true)
    public static class Status extends WireNameColumn<ConnectionStatus> {
        public Status() {
            super(ConnectionStatus.class);
        }
    }

    @Converter(autoApply = true)
    public static class Action extends WireNameColumn<RequiredAction> {
        public Action() {
            super(RequiredAction.class);
        }
    }

    @Converter(autoApply = true)
    public static class Category extends WireNameColumn<FailureCategory> {
        public Category() {
            super(FailureCategory.class);
        }
    }

    @Converter(autoApply = true)
    public static class Kind extends WireNameColumn<SyncKind> {
        public Kind() {
            super(SyncKind.class);
        }
    }

    @Converter(autoApply = true)
    public static class Reason extends WireNameColumn<SyncReason> {
        public Reason() {
            super(SyncReason.class);
        }
    }

    @Converter(autoApply = true)
    public static class RunState extends WireNameColumn<SyncRunState> {
        public RunState() {
            super(SyncRunState.class);
        }
    }
    @Converter(autoApply = true)
    public static class CommandAction extends WireNameColumn<CalendarCommandAction> {
        public CommandAction() {
            super(CalendarCommandAction.class);
        }
    }

    @Converter(autoApply = true)
    public static class CommandStates extends WireNameColumn<CommandState> {
        public CommandStates() {
            super(CommandState.class);
        }
    }

    @Converter(autoApply = true)
    public static class CommandOutcomes extends WireNameColumn<CommandOutcome> {
        public CommandOutcomes() {
            super(CommandOutcome.class);
        }
    }

    @Converter(autoApply = true)
    public static class BatchStates extends WireNameColumn<BatchState> {
        public BatchStates() {
            super(BatchState.class);
        }
    }
}
