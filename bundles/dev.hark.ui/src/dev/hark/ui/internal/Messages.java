package dev.hark.ui.internal;

/**
 * The workbench's UI text, in English and Japanese (messages*.properties): the language of the JVM's default locale when
 * this class is first used, which {@code -nl} or the language preference set at startup ({@link Translations}).
 */
public final class Messages {

    private static final String BUNDLE_NAME = "dev.hark.ui.internal.messages";

    public static String Live_title;
    public static String Live_model;
    public static String Live_input;
    public static String Live_defaultMicrophone;
    public static String Live_audioFile;
    public static String Live_file;
    public static String Live_browse;
    public static String Live_realtime;
    public static String Live_start;
    public static String Live_stop;
    public static String Live_clear;
    public static String Live_export;
    public static String Live_level;
    public static String Live_status;
    public static String Live_noFile;
    public static String Live_serverDefault;
    public static String Training_title;
    public static String Training_dataset;
    public static String Training_model;
    public static String Training_epochs;
    public static String Training_batch;
    public static String Training_limit;
    public static String Training_resumeFrom;
    public static String Training_latest;
    public static String Training_new;
    public static String Training_resume;
    public static String Training_stop;
    public static String Training_progress;
    public static String Training_idle;
    public static String Training_loss;
    public static String Training_valLoss;
    public static String Training_lr;
    public static String Training_cer;
    public static String Training_log;
    public static String Training_error;
    public static String Models_title;
    public static String Models_filter;
    public static String Models_name;
    public static String Models_kind;
    public static String Models_dataset;
    public static String Models_epoch;
    public static String Models_size;
    public static String Models_files;
    public static String Models_created;
    public static String Models_refresh;
    public static String Models_delete;
    public static String Models_download;
    public static String Models_use;
    public static String Models_confirmDelete;
    public static String Models_builtIn;
    public static String Datasets_title;
    public static String Datasets_status;
    public static String Datasets_hours;
    public static String Datasets_download;
    public static String Datasets_generate;
    public static String Datasets_delete;
    public static String Datasets_confirmDelete;
    public static String Datasets_kind;
    public static String Datasets_count;
    public static String Datasets_name;
    public static String Inference_title;
    public static String Inference_run;
    public static String Inference_timings;
    public static String Inference_empty;
    public static String Prefs_title;
    public static String Prefs_applying;
    public static String Prefs_embedded;
    public static String Prefs_remote;
    public static String Prefs_token;
    public static String Prefs_data;
    public static String Prefs_model;
    public static String Prefs_device;
    public static String Prefs_protocol;
    public static String Prefs_giveUp;
    public static String Common_error;
    public static String Common_working;
    public static String Common_serverNotReady;
    // issue 13 layout/NLS
    public static String Common_ok;
    public static String Common_cancel;
    public static String Common_ms;
    public static String Common_errorWith;
    public static String State_IDLE;
    public static String State_CONNECTING;
    public static String State_READY;
    public static String State_STREAMING;
    public static String State_RECONNECTING;
    public static String State_STOPPING;
    public static String State_FAILED;
    public static String State_withDetail;
    public static String Detail_noSession;
    public static String Detail_sessionEnded;
    public static String Detail_waitingForServer;
    public static String Detail_waitingForLast;
    public static String Detail_starting;
    public static String Detail_resuming;
    public static String Detail_protocol;
    public static String Detail_protocolSession;
    public static String Detail_retrying;
    public static String Detail_closed;
    public static String Detail_cannotReach;
    public static String Connection_server;
    public static String Connection_detail;
    public static String Connection_reconnects;
    public static String Connection_since;
    public static String Status_connection;
    public static String Status_connectionAt;
    public static String Live_levelText;
    public static String Live_levelClipped;
    public static String Training_axisStep;
    public static String Training_axisEpoch;
    public static String Training_serverReply;
    public static String Models_count;
    public static String Models_deleted;
    public static String Models_saved;
    public static String Datasets_listed;
    public static String Datasets_generateTitle;
    public static String Datasets_kindDigits;
    public static String Datasets_kindCommands;
    public static String Datasets_kindSentences;
    public static String DatasetState_downloaded;
    public static String DatasetState_not_downloaded;
    public static String DatasetState_downloading;
    public static String DatasetState_generating;
    public static String DatasetState_failed;
    public static String DatasetPhase_generate;
    public static String DatasetPhase_verify;
    public static String DatasetPhase_download;
    public static String DatasetPhase_extract;
    public static String Prefs_protocolAuto;
    public static String Prefs_language;
    public static String Prefs_languageSystem;
    public static String Prefs_languageEnglish;
    public static String Prefs_languageJapanese;

    static {
        Translations.load(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
