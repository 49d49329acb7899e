<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>backup_dialogs</name>
    <message numerus="yes">
        <source>%n family(s)</source>
        <translation><numerusform>%n family</numerusform><numerusform>%n families</numerusform></translation>
    </message>
</context>
<context>
    <name>bundle_dialogs</name>
    <message numerus="yes">
        <source>Saved as {file} (%n records). Send the passphrase separately from the file.</source>
        <translation><numerusform>Saved as {file} (%n record). Send the passphrase separately from the file.</numerusform><numerusform>Saved as {file} (%n records). Send the passphrase separately from the file.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved by {who} on {when}.</source>
        <translation><numerusform>{name}: %n record, saved by {who} on {when}.</numerusform><numerusform>{name}: %n records, saved by {who} on {when}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved by {who}.</source>
        <translation><numerusform>{name}: %n record, saved by {who}.</numerusform><numerusform>{name}: %n records, saved by {who}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved on {when}.</source>
        <translation><numerusform>{name}: %n record, saved on {when}.</numerusform><numerusform>{name}: %n records, saved on {when}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved.</source>
        <translation><numerusform>{name}: %n record, saved.</numerusform><numerusform>{name}: %n records, saved.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) would make something more visible. Changes like this are listed first, in red, and none is made unless ticked.</source>
        <translation><numerusform>%n change would make something more visible. Changes like this are listed first, in red, and none is made unless ticked.</numerusform><numerusform>%n changes would make something more visible. Changes like this are listed first, in red, and none is made unless ticked.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Merged: %n records added, {updated} updated. Nothing was deleted.</source>
        <translation><numerusform>Merged: %n record added, {updated} updated. Nothing was deleted.</numerusform><numerusform>Merged: %n records added, {updated} updated. Nothing was deleted.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Added as a new copy: %n records added. Nothing was deleted.</source>
        <translation><numerusform>Added as a new copy: %n record added. Nothing was deleted.</numerusform><numerusform>Added as a new copy: %n records added. Nothing was deleted.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Added: %n records added. Nothing was deleted.</source>
        <translation><numerusform>Added: %n record added. Nothing was deleted.</numerusform><numerusform>Added: %n records added. Nothing was deleted.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Left out %n change(s) that would have made something more visible; this store's markings were kept.</source>
        <translation><numerusform>Left out %n change that would have made something more visible; this store's markings were kept.</numerusform><numerusform>Left out %n changes that would have made something more visible; this store's markings were kept.</numerusform></translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer. Safety Map kept no copy.</source>
        <translation><numerusform>Sent %n page to the printer. Safety Map kept no copy.</numerusform><numerusform>Sent %n pages to the printer. Safety Map kept no copy.</numerusform></translation>
    </message>
</context>
<context>
    <name>family_list</name>
    <message numerus="yes">
        <source>%n family(s). Up and down arrows choose, Enter opens.</source>
        <translation><numerusform>%n family. Up and down arrows choose, Enter opens.</numerusform><numerusform>%n families. Up and down arrows choose, Enter opens.</numerusform></translation>
    </message>
</context>
<context>
    <name>history</name>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%n line(s) added, {removed} removed.&lt;/b&gt;&lt;/p&gt;</source>
        <translation><numerusform>&lt;p&gt;&lt;b&gt;%n line added, {removed} removed.&lt;/b&gt;&lt;/p&gt;</numerusform><numerusform>&lt;p&gt;&lt;b&gt;%n lines added, {removed} removed.&lt;/b&gt;&lt;/p&gt;</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%n version(s)&lt;/b&gt;, newest first.&lt;/p&gt;</source>
        <translation><numerusform>&lt;p&gt;&lt;b&gt;%n version&lt;/b&gt;, newest first.&lt;/p&gt;</numerusform><numerusform>&lt;p&gt;&lt;b&gt;%n versions&lt;/b&gt;, newest first.&lt;/p&gt;</numerusform></translation>
    </message>
</context>
<context>
    <name>safety_check_dialog</name>
    <message numerus="yes">
        <source>In {where} (%n places).</source>
        <translation><numerusform>In {where} (%n place).</numerusform><numerusform>In {where} (%n places).</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>…and %n more place(s).</source>
        <translation><numerusform>…and %n more place.</numerusform><numerusform>…and %n more places.</numerusform></translation>
    </message>
</context>
<context>
    <name>supervision.report</name>
    <message numerus="yes">
        <source>%n other record(s)</source>
        <translation><numerusform>%n other record</numerusform><numerusform>%n other records</numerusform></translation>
    </message>
</context>
<context>
    <name>team</name>
    <message numerus="yes">
        <source>%n change(s) waiting (offline)</source>
        <translation><numerusform>%n change waiting (offline)</numerusform><numerusform>%n changes waiting (offline)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation><numerusform>%n change waiting</numerusform><numerusform>%n changes waiting</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) need a decision</source>
        <translation><numerusform>%n conflict needs a decision</numerusform><numerusform>%n conflicts need a decision</numerusform></translation>
    </message>
</context>
<context>
    <name>workspace.people_children</name>
    <message numerus="yes">
        <source>%n people are on {kid}'s list; the children's copy shows the first {most}.</source>
        <translation><numerusform>%n person is on {kid}'s list; the children's copy shows the first {most}.</numerusform><numerusform>%n people are on {kid}'s list; the children's copy shows the first {most}.</numerusform></translation>
    </message>
</context>
<context>
    <name>workspace.worried</name>
    <message numerus="yes">
        <source>There are %n open {label}. Many people keep to about {most}, so each one gets real attention. It's only a suggestion.</source>
        <translation><numerusform>There is %n open {label}. Many people keep to about {most}, so each one gets real attention. It's only a suggestion.</numerusform><numerusform>There are %n open {label}. Many people keep to about {most}, so each one gets real attention. It's only a suggestion.</numerusform></translation>
    </message>
</context>
</TS>