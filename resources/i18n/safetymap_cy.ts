<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Dadwneud</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ail-wneud</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Torri</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copïo</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Gludo</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Dileu</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Dewis y cyfan</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <extracomment>both choices in both languages, as the Welsh Language Standards ask a choice to be offered Qt&apos;s own texts that show on our screens (standard buttons, the line edit&apos;s menu)</extracomment>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ie</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Na</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Rhoi ar waith</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Taflu</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Dadwneud</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ail-wneud</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Torri</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copïo</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Gludo</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Dileu</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Dewis y cyfan</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Something went wrong. Everything saved is safe; if this keeps happening, close Safety Map and open it again.</source>
        <extracomment>a URL scheme, an absolute path (POSIX or Windows) or a home-relative one</extracomment>
        <translation>Aeth rhywbeth o&apos;i le. Mae popeth sydd wedi&apos;i gadw yn ddiogel; os yw hyn yn dal i ddigwydd, caewch Safety Map a&apos;i agor eto.</translation>
    </message>
</context>
<context>
    <name>autosave</name>
    <message>
        <source>Could not save the last change; it will be tried again.</source>
        <translation>Doedd dim modd cadw&apos;r newid diwethaf; caiff ei drio eto.</translation>
    </message>
</context>
<context>
    <name>backup_dialogs</name>
    <message>
        <source>Your families&apos; records are only on this laptop. Choose a backup folder (another disk, a USB stick or a network share) and Safety Map will keep encrypted copies there every day.</source>
        <extracomment>the quiet backup after unlocking, then every hour while unlocked</extracomment>
        <translation>Mae cofnodion eich teuluoedd ar y gliniadur hwn yn unig. Dewiswch ffolder copïau wrth gefn (disg arall, cof bach USB neu ffolder a rennir ar y rhwydwaith) a bydd Safety Map yn cadw copïau wedi&apos;u hamgryptio yno bob dydd.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>erioed</translation>
    </message>
    <message>
        <source>today {time}</source>
        <translation>heddiw {time}</translation>
    </message>
    <message>
        <source>yesterday {time}</source>
        <translation>ddoe {time}</translation>
    </message>
    <message>
        <source>No backup folder set</source>
        <translation>Dim ffolder copïau wrth gefn</translation>
    </message>
    <message>
        <source>No backup yet</source>
        <translation>Dim copi wrth gefn eto</translation>
    </message>
    <message>
        <source>Last backup: {when}</source>
        <translation>Copi wrth gefn diwethaf: {when}</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>anhysbys</translation>
    </message>
    <message numerus="yes">
        <source>%n family(s)</source>
        <translation>
            <numerusform>%n o deuluoedd</numerusform>
            <numerusform>%n teulu</numerusform>
            <numerusform>%n o deuluoedd</numerusform>
            <numerusform>%n o deuluoedd</numerusform>
            <numerusform>%n o deuluoedd</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>Dewis y ffolder copïau wrth gefn</translation>
    </message>
    <message>
        <source>Restore into a new file</source>
        <translation>Adfer i ffeil newydd</translation>
    </message>
    <message>
        <source>Safety Map stores (*.db)</source>
        <translation>Storfeydd Safety Map (*.db)</translation>
    </message>
    <message>
        <source>Replace my store with this backup</source>
        <translation>Disodli fy storfa â&apos;r copi wrth gefn hwn</translation>
    </message>
    <message>
        <source>Replace my store with this backup?</source>
        <translation>Disodli fy storfa â&apos;r copi wrth gefn hwn?</translation>
    </message>
    <message>
        <source>This will be replaced: {store}</source>
        <translation>Bydd hon yn cael ei disodli: {store}</translation>
    </message>
    <message>
        <source>What will be replaced</source>
        <translation>Beth fydd yn cael ei ddisodli</translation>
    </message>
    <message>
        <source>It will be replaced by: {backup}</source>
        <translation>Yn ei lle daw: {backup}</translation>
    </message>
    <message>
        <source>The backup that takes its place</source>
        <translation>Y copi wrth gefn a ddaw yn ei lle</translation>
    </message>
    <message>
        <source>Anything recorded since that backup will no longer be in your store. Safety Map will lock, put the backup in place and check it, then ask for your passphrase. If you are not sure, use Restore into a new file instead: it changes nothing.</source>
        <translation>Fydd dim byd a gofnodwyd ers y copi wrth gefn hwnnw yn eich storfa mwyach. Bydd Safety Map yn cloi, yn rhoi&apos;r copi wrth gefn yn ei le ac yn ei wirio, ac yna&apos;n gofyn am eich cyfrinymadrodd. Os nad ydych chi&apos;n siŵr, defnyddiwch Adfer i ffeil newydd yn lle hynny: dydy hynny ddim yn newid dim.</translation>
    </message>
    <message>
        <source>Type your passphrase to confirm</source>
        <translation>Teipiwch eich cyfrinymadrodd i gadarnhau</translation>
    </message>
    <message>
        <source>Your passphrase, to confirm the replacement</source>
        <translation>Eich cyfrinymadrodd, i gadarnhau&apos;r disodli</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Cancel: keep my store as it is</source>
        <translation>Canslo: cadw fy storfa fel y mae</translation>
    </message>
    <message>
        <source>Replace my store</source>
        <translation>Disodli fy storfa</translation>
    </message>
    <message>
        <source>Backups</source>
        <extracomment>a backup was made (or the folder changed): the status bar reads the status again
----------
replaced in tests: the folder chooser, the new file&apos;s path, the replace confirmation</extracomment>
        <translation>Copïau wrth gefn</translation>
    </message>
    <message>
        <source>Safety Map keeps encrypted copies of your store in a folder you choose: another disk, a USB stick or a network share. A copy is as safe as the store itself: it opens only with your passphrase or recovery key.</source>
        <translation>Mae Safety Map yn cadw copïau wedi&apos;u hamgryptio o&apos;ch storfa mewn ffolder rydych chi&apos;n ei ddewis: disg arall, cof bach USB neu ffolder a rennir ar y rhwydwaith. Mae copi yr un mor ddiogel â&apos;r storfa ei hun: dim ond eich cyfrinymadrodd neu eich allwedd adfer sy&apos;n ei agor.</translation>
    </message>
    <message>
        <source>Backup folder:</source>
        <translation>Ffolder copïau wrth gefn:</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Ffolder copïau wrth gefn</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Dewis ffolder…</translation>
    </message>
    <message>
        <source>Last good backup</source>
        <translation>Y copi wrth gefn da diwethaf</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Gwneud copi wrth gefn nawr</translation>
    </message>
    <message>
        <source>Working, please wait</source>
        <translation>Wrthi&apos;n gweithio, arhoswch</translation>
    </message>
    <message>
        <source>Backups in this folder, newest first</source>
        <translation>Copïau wrth gefn yn y ffolder hwn, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Gwnaed</translation>
    </message>
    <message>
        <source>Families</source>
        <translation>Teuluoedd</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Maint</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Gwiriad</translation>
    </message>
    <message>
        <source>Columns: made, families, size, check</source>
        <translation>Colofnau: gwnaed, teuluoedd, maint, gwiriad</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Beth ddigwyddodd</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Restore into a new file…</source>
        <translation>Adfer i ffeil newydd…</translation>
    </message>
    <message>
        <source>Restore the chosen backup into a new file</source>
        <translation>Adfer y copi wrth gefn a ddewiswyd i ffeil newydd</translation>
    </message>
    <message>
        <source>Replace my store with this backup…</source>
        <translation>Disodli fy storfa â&apos;r copi wrth gefn hwn…</translation>
    </message>
    <message>
        <source>Replace my store with the chosen backup</source>
        <translation>Disodli fy storfa â&apos;r copi wrth gefn a ddewiswyd</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>None chosen yet</source>
        <translation>Dim wedi&apos;i ddewis eto</translation>
    </message>
    <message>
        <source>No backup folder set. Choose one to start.</source>
        <translation>Does dim ffolder copïau wrth gefn. Dewiswch un i ddechrau.</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>Yn darllen y copïau wrth gefn…</translation>
    </message>
    <message>
        <source>Checked, good</source>
        <translation>Wedi&apos;i wirio, yn iawn</translation>
    </message>
    <message>
        <source>Could not be checked</source>
        <translation>Doedd dim modd ei wirio</translation>
    </message>
    <message>
        <source>There are no backups in this folder yet.</source>
        <translation>Does dim copïau wrth gefn yn y ffolder hwn eto.</translation>
    </message>
    <message>
        <source>Making a backup… you can carry on working.</source>
        <translation>Yn gwneud copi wrth gefn… gallwch chi ddal ati i weithio.</translation>
    </message>
    <message>
        <source>Backup made {when} and checked: {families}.</source>
        <translation>Copi wrth gefn wedi&apos;i wneud {when} a&apos;i wirio: {families}.</translation>
    </message>
    <message>
        <source>The backup was made but did not check out: {problem}</source>
        <translation>Cafodd y copi wrth gefn ei wneud, ond wnaeth e ddim pasio&apos;r gwiriad: {problem}</translation>
    </message>
    <message>
        <source>That is your store itself. To replace it, use Replace my store with this backup; to keep it, choose a new name.</source>
        <translation>Dyna&apos;ch storfa chi ei hun. I&apos;w disodli, defnyddiwch Disodli fy storfa â&apos;r copi wrth gefn hwn; i&apos;w chadw, dewiswch enw newydd.</translation>
    </message>
    <message>
        <source>Restoring the backup into a new file and checking it…</source>
        <translation>Yn adfer y copi wrth gefn i ffeil newydd ac yn ei wirio…</translation>
    </message>
    <message>
        <source>The backup from {when} has been restored into a new file, {name}, in the folder {folder}. It holds {families} and opens with the same passphrase as the backup. Your store has not been changed.</source>
        <translation>Mae&apos;r copi wrth gefn o {when} wedi&apos;i adfer i ffeil newydd, {name}, yn y ffolder {folder}. Mae&apos;n dal {families} ac mae&apos;n agor gyda&apos;r un cyfrinymadrodd â&apos;r copi wrth gefn. Dydy eich storfa ddim wedi newid.</translation>
    </message>
    <message>
        <source>the backup made {when} ({backup})</source>
        <translation>y copi wrth gefn a wnaed {when} ({backup})</translation>
    </message>
    <message>
        <source>Checking your passphrase…</source>
        <translation>Yn gwirio eich cyfrinymadrodd…</translation>
    </message>
    <message>
        <source>Choose a backup folder</source>
        <translation>Dewis ffolder copïau wrth gefn</translation>
    </message>
    <message>
        <source>No backup folder yet</source>
        <translation>Dim ffolder copïau wrth gefn eto</translation>
    </message>
    <message>
        <source>Not now: do not ask again</source>
        <translation>Dim nawr: peidio â gofyn eto</translation>
    </message>
    <message>
        <source>Last backup</source>
        <extracomment>opens a dialog the window closes when it locks (MainWindow._keep_dialog)</extracomment>
        <translation>Copi wrth gefn diwethaf</translation>
    </message>
    <message>
        <source>The last backup did not work: see Settings ▸ Backups</source>
        <extracomment>replaced in tests: the folder chooser behind the prompt&apos;s &quot;Choose a folder…&quot;</extracomment>
        <translation>Wnaeth y copi wrth gefn diwethaf ddim gweithio: gweler Gosodiadau ▸ Copïau wrth gefn</translation>
    </message>
    <message>
        <source>Making the first backup…</source>
        <translation>Yn gwneud y copi wrth gefn cyntaf…</translation>
    </message>
</context>
<context>
    <name>bundle_dialogs</name>
    <message>
        <source>Safety Map bundles (*.smbundle)</source>
        <translation>Pecynnau Safety Map (*.smbundle)</translation>
    </message>
    <message>
        <source>Hand a family over</source>
        <translation>Trosglwyddo teulu</translation>
    </message>
    <message>
        <source>Hand a family over: save a bundle file</source>
        <translation>Trosglwyddo teulu: cadw ffeil pecyn</translation>
    </message>
    <message>
        <source>Save {name} as a bundle file</source>
        <translation>Cadw {name} fel ffeil pecyn</translation>
    </message>
    <message>
        <source>The bundle holds everything about this family, with its history, locked with a passphrase of its own. Give the passphrase to the person receiving the case separately: by phone or in person, never with the file.</source>
        <translation>Mae&apos;r pecyn yn cynnwys popeth am y teulu hwn, gyda&apos;i hanes, wedi&apos;i gloi â&apos;i gyfrinymadrodd ei hun. Rhowch y cyfrinymadrodd ar wahân i&apos;r person sy&apos;n derbyn yr achos: dros y ffôn neu wyneb yn wyneb, byth gyda&apos;r ffeil.</translation>
    </message>
    <message>
        <source>Bundle passphrase</source>
        <translation>Cyfrinymadrodd y pecyn</translation>
    </message>
    <message>
        <source>A short sentence works well</source>
        <translation>Mae brawddeg fer yn gweithio&apos;n dda</translation>
    </message>
    <message>
        <source>The bundle passphrase again</source>
        <translation>Cyfrinymadrodd y pecyn eto</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>Teipiwch ef eto</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Eto</translation>
    </message>
    <message>
        <source>Passphrase feedback</source>
        <translation>Adborth am y cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Saving the bundle</source>
        <translation>Yn cadw&apos;r pecyn</translation>
    </message>
    <message>
        <source>Bundle status</source>
        <translation>Statws y pecyn</translation>
    </message>
    <message>
        <source>Choose where to save the bundle, then save it</source>
        <translation>Dewiswch ble i gadw&apos;r pecyn, ac yna ei gadw</translation>
    </message>
    <message>
        <source>Choose a passphrase for the bundle.</source>
        <translation>Dewiswch gyfrinymadrodd ar gyfer y pecyn.</translation>
    </message>
    <message>
        <source>This passphrase would be easy to guess. {why}</source>
        <translation>Byddai&apos;n hawdd dyfalu&apos;r cyfrinymadrodd hwn. {why}</translation>
    </message>
    <message>
        <source>Type the same passphrase twice.</source>
        <translation>Teipiwch yr un cyfrinymadrodd ddwywaith.</translation>
    </message>
    <message>
        <source>Type the passphrase again.</source>
        <translation>Teipiwch y cyfrinymadrodd eto.</translation>
    </message>
    <message>
        <source>That passphrase is strong enough.</source>
        <translation>Mae&apos;r cyfrinymadrodd yna&apos;n ddigon cryf.</translation>
    </message>
    <message>
        <source>Save the bundle as</source>
        <translation>Cadw&apos;r pecyn fel</translation>
    </message>
    <message>
        <source>Locking the bundle with its passphrase…</source>
        <translation>Yn cloi&apos;r pecyn â&apos;i gyfrinymadrodd…</translation>
    </message>
    <message numerus="yes">
        <source>Saved as {file} (%n records). Send the passphrase separately from the file.</source>
        <translation>
            <numerusform>Wedi&apos;i gadw fel {file} (%n o gofnodion). Anfonwch y cyfrinymadrodd ar wahân i&apos;r ffeil.</numerusform>
            <numerusform>Wedi&apos;i gadw fel {file} (%n cofnod). Anfonwch y cyfrinymadrodd ar wahân i&apos;r ffeil.</numerusform>
            <numerusform>Wedi&apos;i gadw fel {file} (%n o gofnodion). Anfonwch y cyfrinymadrodd ar wahân i&apos;r ffeil.</numerusform>
            <numerusform>Wedi&apos;i gadw fel {file} (%n o gofnodion). Anfonwch y cyfrinymadrodd ar wahân i&apos;r ffeil.</numerusform>
            <numerusform>Wedi&apos;i gadw fel {file} (%n o gofnodion). Anfonwch y cyfrinymadrodd ar wahân i&apos;r ffeil.</numerusform>
        </translation>
    </message>
    <message>
        <source>Please wait: the bundle is nearly saved.</source>
        <translation>Arhoswch: mae&apos;r pecyn bron wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>Receive a family from a bundle</source>
        <translation>Derbyn teulu o becyn</translation>
    </message>
    <message>
        <source>Receive a family from a bundle file</source>
        <translation>Derbyn teulu o ffeil pecyn</translation>
    </message>
    <message>
        <source>Choose the bundle file and type the passphrase you were given. The bundle is checked completely before anything is added.</source>
        <translation>Dewiswch ffeil y pecyn a theipiwch y cyfrinymadrodd a gawsoch chi. Mae&apos;r pecyn yn cael ei wirio&apos;n llwyr cyn i ddim byd gael ei ychwanegu.</translation>
    </message>
    <message>
        <source>No file chosen yet.</source>
        <translation>Dim ffeil wedi&apos;i dewis eto.</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>Ffeil y pecyn</translation>
    </message>
    <message>
        <source>Choose the file…</source>
        <translation>Dewiswch y ffeil…</translation>
    </message>
    <message>
        <source>Choose the bundle file</source>
        <translation>Dewiswch ffeil y pecyn</translation>
    </message>
    <message>
        <source>The bundle&apos;s passphrase</source>
        <translation>Cyfrinymadrodd y pecyn</translation>
    </message>
    <message>
        <source>Open the bundle</source>
        <translation>Agor y pecyn</translation>
    </message>
    <message>
        <source>Open and check the bundle</source>
        <translation>Agor a gwirio&apos;r pecyn</translation>
    </message>
    <message>
        <source>Opening the bundle</source>
        <translation>Yn agor y pecyn</translation>
    </message>
    <message>
        <source>What is in the bundle</source>
        <translation>Beth sydd yn y pecyn</translation>
    </message>
    <message>
        <source>This family is already in this store. Choose what to do; nothing is replaced without your choice.</source>
        <translation>Mae&apos;r teulu hwn yn y storfa hon yn barod. Dewiswch beth i&apos;w wneud; does dim byd yn cael ei ddisodli heb i chi ddewis.</translation>
    </message>
    <message>
        <source>Add it as a new copy (a separate family, marked “(copy)”)</source>
        <translation>Ei ychwanegu fel copi newydd (teulu ar wahân, â “(copy)” ar ôl ei enw)</translation>
    </message>
    <message>
        <source>Add it as a new copy, a separate family</source>
        <translation>Ei ychwanegu fel copi newydd, teulu ar wahân</translation>
    </message>
    <message>
        <source>Merge it into the family already here</source>
        <translation>Ei gyfuno â&apos;r teulu sydd yma&apos;n barod</translation>
    </message>
    <message>
        <source>Careful: these changes in the bundle would let something be printed that is kept out of the family&apos;s copy here. None of them is made unless you tick it:</source>
        <translation>Gofal: byddai&apos;r newidiadau hyn yn y pecyn yn gadael i rywbeth gael ei argraffu sy&apos;n cael ei gadw allan o gopi&apos;r teulu yma. Does dim un ohonyn nhw&apos;n cael ei wneud oni bai eich bod chi&apos;n ei dicio:</translation>
    </message>
    <message>
        <source>Changes that would make something more visible</source>
        <translation>Newidiadau a fyddai&apos;n gwneud rhywbeth yn fwy gweladwy</translation>
    </message>
    <message>
        <source>Changes that would make something more visible: tick only those you are sure of</source>
        <translation>Newidiadau a fyddai&apos;n gwneud rhywbeth yn fwy gweladwy: ticiwch dim ond y rhai rydych chi&apos;n siŵr ohonyn nhw</translation>
    </message>
    <message>
        <source>Changed on both laptops since they last matched. This store&apos;s version is kept unless you tick “use the bundle&apos;s version”:</source>
        <translation>Wedi newid ar y ddau liniadur ers iddyn nhw gyfateb ddiwethaf. Mae fersiwn y storfa hon yn cael ei chadw oni bai eich bod chi&apos;n ticio “Defnyddio fersiwn y pecyn”:</translation>
    </message>
    <message>
        <source>Records changed on both laptops</source>
        <translation>Cofnodion sydd wedi newid ar y ddau liniadur</translation>
    </message>
    <message>
        <source>Records changed on both laptops: tick to use the bundle&apos;s version</source>
        <translation>Cofnodion sydd wedi newid ar y ddau liniadur: ticiwch i ddefnyddio fersiwn y pecyn</translation>
    </message>
    <message>
        <source>Everything else a merge would do (a record changes only if it has not been changed here since; nothing here is deleted; signed-off supervision records are never changed or added):</source>
        <translation>Popeth arall y byddai cyfuno&apos;n ei wneud (dim ond cofnod sydd heb newid yma ers hynny sy&apos;n newid; does dim byd yma&apos;n cael ei ddileu; dydy cofnodion goruchwyliaeth sydd wedi&apos;u cymeradwyo byth yn cael eu newid na&apos;u hychwanegu):</translation>
    </message>
    <message>
        <source>What differs between the bundle and this store</source>
        <translation>Beth sy&apos;n wahanol rhwng y pecyn a&apos;r storfa hon</translation>
    </message>
    <message>
        <source>Import status</source>
        <translation>Statws derbyn</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Open the family</source>
        <translation>Agor y teulu</translation>
    </message>
    <message>
        <source>Open the family that was received</source>
        <translation>Agor y teulu a gafodd ei dderbyn</translation>
    </message>
    <message>
        <source>Add it to this store</source>
        <translation>Ei ychwanegu at y storfa</translation>
    </message>
    <message>
        <source>Add the family to this store</source>
        <translation>Ychwanegu&apos;r teulu at y storfa hon</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Type the bundle&apos;s passphrase first.</source>
        <translation>Teipiwch gyfrinymadrodd y pecyn yn gyntaf.</translation>
    </message>
    <message>
        <source>Opening and checking the bundle…</source>
        <translation>Yn agor ac yn gwirio&apos;r pecyn…</translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved by {who} on {when}.</source>
        <translation>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who} ar {when}.</numerusform>
            <numerusform>{name}: %n cofnod, wedi&apos;i gadw gan {who} ar {when}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who} ar {when}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who} ar {when}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who} ar {when}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved by {who}.</source>
        <translation>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who}.</numerusform>
            <numerusform>{name}: %n cofnod, wedi&apos;i gadw gan {who}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw gan {who}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved on {when}.</source>
        <translation>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw ar {when}.</numerusform>
            <numerusform>{name}: %n cofnod, wedi&apos;i gadw ar {when}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw ar {when}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw ar {when}.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw ar {when}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name}: %n records, saved.</source>
        <translation>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw.</numerusform>
            <numerusform>{name}: %n cofnod, wedi&apos;i gadw.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw.</numerusform>
            <numerusform>{name}: %n o gofnodion, wedi&apos;u cadw.</numerusform>
        </translation>
    </message>
    <message>
        <source>Some of its records were received before as a copy, so it can only be added as a new copy.</source>
        <translation>Cafodd rhai o&apos;i gofnodion eu derbyn o&apos;r blaen fel copi, felly dim ond fel copi newydd y mae modd ei ychwanegu.</translation>
    </message>
    <message>
        <source>Use the bundle&apos;s version. {what}</source>
        <translation>Defnyddio fersiwn y pecyn. {what}</translation>
    </message>
    <message>
        <source>Nothing differs: this store already has the same.</source>
        <translation>Does dim byd yn wahanol: mae&apos;r un peth yn y storfa hon yn barod.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) would make something more visible. Changes like this are listed first, in red, and none is made unless ticked.</source>
        <translation>
            <numerusform>Byddai %n newid yn gwneud rhywbeth yn fwy gweladwy: maen nhw wedi&apos;u rhestru gyntaf, mewn coch, a does dim un yn cael ei wneud oni bai ei fod wedi&apos;i dicio.</numerusform>
            <numerusform>Byddai %n newid yn gwneud rhywbeth yn fwy gweladwy: mae wedi&apos;i restru gyntaf, mewn coch, a dydy e ddim yn cael ei wneud oni bai ei fod wedi&apos;i dicio.</numerusform>
            <numerusform>Byddai %n newid yn gwneud rhywbeth yn fwy gweladwy: maen nhw wedi&apos;u rhestru gyntaf, mewn coch, a does dim un yn cael ei wneud oni bai ei fod wedi&apos;i dicio.</numerusform>
            <numerusform>Byddai %n newid yn gwneud rhywbeth yn fwy gweladwy: maen nhw wedi&apos;u rhestru gyntaf, mewn coch, a does dim un yn cael ei wneud oni bai ei fod wedi&apos;i dicio.</numerusform>
            <numerusform>Byddai %n newid yn gwneud rhywbeth yn fwy gweladwy: maen nhw wedi&apos;u rhestru gyntaf, mewn coch, a does dim un yn cael ei wneud oni bai ei fod wedi&apos;i dicio.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a new copy or a merge.</source>
        <translation>Dewiswch gopi newydd neu gyfuno.</translation>
    </message>
    <message>
        <source>This family is not in this store yet. Adding it changes nothing else.</source>
        <translation>Dydy&apos;r teulu hwn ddim yn y storfa hon eto. Fydd ei ychwanegu ddim yn newid dim byd arall.</translation>
    </message>
    <message>
        <source>Choose a new copy or a merge first.</source>
        <translation>Dewiswch gopi newydd neu gyfuno yn gyntaf.</translation>
    </message>
    <message numerus="yes">
        <source>Merged: %n records added, {updated} updated. Nothing was deleted.</source>
        <translation>
            <numerusform>Wedi cyfuno: %n o gofnodion wedi&apos;u hychwanegu, {updated} wedi&apos;u diweddaru. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi cyfuno: %n cofnod wedi&apos;i ychwanegu, {updated} wedi&apos;u diweddaru. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi cyfuno: %n o gofnodion wedi&apos;u hychwanegu, {updated} wedi&apos;u diweddaru. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi cyfuno: %n o gofnodion wedi&apos;u hychwanegu, {updated} wedi&apos;u diweddaru. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi cyfuno: %n o gofnodion wedi&apos;u hychwanegu, {updated} wedi&apos;u diweddaru. Chafodd dim byd ei ddileu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added as a new copy: %n records added. Nothing was deleted.</source>
        <translation>
            <numerusform>Wedi&apos;i ychwanegu fel copi newydd: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu fel copi newydd: %n cofnod wedi&apos;i ychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu fel copi newydd: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu fel copi newydd: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu fel copi newydd: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added: %n records added. Nothing was deleted.</source>
        <translation>
            <numerusform>Wedi&apos;i ychwanegu: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu: %n cofnod wedi&apos;i ychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
            <numerusform>Wedi&apos;i ychwanegu: %n o gofnodion wedi&apos;u hychwanegu. Chafodd dim byd ei ddileu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out %n change(s) that would have made something more visible; this store&apos;s markings were kept.</source>
        <translation>
            <numerusform>Ni wnaed %n newid a fyddai wedi gwneud rhywbeth yn fwy gweladwy; cadwyd marciau&apos;r storfa hon.</numerusform>
            <numerusform>Ni wnaed %n newid a fyddai wedi gwneud rhywbeth yn fwy gweladwy; cadwyd marciau&apos;r storfa hon.</numerusform>
            <numerusform>Ni wnaed %n newid a fyddai wedi gwneud rhywbeth yn fwy gweladwy; cadwyd marciau&apos;r storfa hon.</numerusform>
            <numerusform>Ni wnaed %n newid a fyddai wedi gwneud rhywbeth yn fwy gweladwy; cadwyd marciau&apos;r storfa hon.</numerusform>
            <numerusform>Ni wnaed %n newid a fyddai wedi gwneud rhywbeth yn fwy gweladwy; cadwyd marciau&apos;r storfa hon.</numerusform>
        </translation>
    </message>
    <message>
        <source>Please wait: the bundle is still being checked.</source>
        <translation>Arhoswch: mae&apos;r pecyn yn dal i gael ei wirio.</translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message>
        <source>The family&apos;s plan</source>
        <translation>Cynllun y teulu</translation>
    </message>
    <message>
        <source>The plan in the family&apos;s words, to read, sign and keep.</source>
        <translation>Y cynllun yng ngeiriau&apos;r teulu, i&apos;w ddarllen, ei lofnodi a&apos;i gadw.</translation>
    </message>
    <message>
        <source>The assessment</source>
        <translation>Yr asesiad</translation>
    </message>
    <message>
        <source>The map, everyone&apos;s views and scores, the chronology, the analysis and the decision.</source>
        <translation>Y map, barn a sgorau pawb, y gronoleg, y dadansoddiad a&apos;r penderfyniad.</translation>
    </message>
    <message>
        <source>The children&apos;s version</source>
        <translation>Fersiwn y plant</translation>
    </message>
    <message>
        <source>Words and pictures a child can understand.</source>
        <translation>Geiriau a lluniau y gall plentyn eu deall.</translation>
    </message>
    <message>
        <source>Safety Map document</source>
        <extracomment>the print job&apos;s title, seen in the print queue and the spooler&apos;s job history: never a name</extracomment>
        <translation>Dogfen Safety Map</translation>
    </message>
    <message>
        <source>Printing leaves no copy on this computer. A saved PDF is not encrypted: anyone who finds the file can read it.</source>
        <extracomment>pages are rendered at the printer&apos;s resolution, but not above this (an A4 page at 300 dpi is about 35 MB in memory; at a laser printer&apos;s 1200 dpi it would be over 500 MB)</extracomment>
        <translation>Dydy argraffu ddim yn gadael copi ar y cyfrifiadur hwn. Dydy PDF sydd wedi&apos;i gadw ddim wedi&apos;i amgryptio: gall unrhyw un sy&apos;n dod o hyd i&apos;r ffeil ei darllen.</translation>
    </message>
    <message>
        <source>Cymraeg (Welsh)</source>
        <extracomment>the document&apos;s language, each named in itself first (Welsh before English)</extracomment>
        <translation>Cymraeg</translation>
    </message>
    <message>
        <source>English (Saesneg)</source>
        <translation>English (Saesneg)</translation>
    </message>
    <message>
        <source>Cymraeg a Saesneg (both, Welsh first)</source>
        <translation>Cymraeg a Saesneg (y ddwy, Cymraeg yn gyntaf)</translation>
    </message>
    <message>
        <source>Save the document as a PDF</source>
        <translation>Cadw&apos;r ddogfen fel PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Dogfennau PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Print or save a document</source>
        <translation>Argraffu neu gadw dogfen</translation>
    </message>
    <message>
        <source>Which document?</source>
        <extracomment>replaced in tests: the path to save to (&quot;&quot; to cancel) replaced in tests: the printer to print on (None to cancel) replaced in tests: the safety check before printing or saving, given the kind and whether &quot;safe copy&quot; is ticked; False stops (see _before_output)</extracomment>
        <translation>Pa ddogfen?</translation>
    </message>
    <message>
        <source>Safe copy: leave out addresses and phone numbers not marked “Safe to share”</source>
        <translation>Copi diogel: dim cyfeiriadau na rhifau ffôn heb eu marcio&apos;n “Diogel i&apos;w rannu”</translation>
    </message>
    <message>
        <source>Safe copy: leave out addresses and phone numbers not marked safe to share</source>
        <translation>Copi diogel: dim cyfeiriadau na rhifau ffôn heb eu marcio&apos;n ddiogel i&apos;w rhannu</translation>
    </message>
    <message>
        <source>Anything marked “Not for the family&apos;s copy” is never printed.</source>
        <translation>Dydy dim byd sydd wedi&apos;i farcio&apos;n “Ddim ar gyfer copi&apos;r teulu” byth yn cael ei argraffu.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Iaith:</translation>
    </message>
    <message>
        <source>The document&apos;s language</source>
        <translation>Iaith y ddogfen</translation>
    </message>
    <message>
        <source>Is it easy to read?</source>
        <translation>Ydy hi&apos;n hawdd ei darllen?</translation>
    </message>
    <message>
        <source>Checking the wording…</source>
        <translation>Yn gwirio&apos;r geiriad…</translation>
    </message>
    <message>
        <source>Reading ease</source>
        <translation>Rhwyddineb darllen</translation>
    </message>
    <message>
        <source>Words to think about changing</source>
        <translation>Geiriau i feddwl am eu newid</translation>
    </message>
    <message>
        <source>Progress making the document</source>
        <extracomment>the place for a safety check shown before printing or saving (see _before_output)</extracomment>
        <translation>Cynnydd gwneud y ddogfen</translation>
    </message>
    <message>
        <source>Export status</source>
        <translation>Statws allforio</translation>
    </message>
    <message>
        <source>About printing and saving</source>
        <translation>Am argraffu a chadw</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Cadw fel PDF…</translation>
    </message>
    <message>
        <source>Save as PDF: choose where to keep an unencrypted file</source>
        <translation>Cadw fel PDF: dewiswch ble i gadw ffeil heb ei hamgryptio</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Argraffu…</translation>
    </message>
    <message>
        <source>Print: choose a printer; no file is kept</source>
        <translation>Argraffu: dewiswch argraffydd; does dim ffeil yn cael ei chadw</translation>
    </message>
    <message>
        <source>The wording check is not available in this version.</source>
        <translation>Dydy&apos;r gwiriad geiriad ddim ar gael yn y fersiwn hon.</translation>
    </message>
    <message>
        <source>Nothing to change: no professional words found.</source>
        <translation>Dim byd i&apos;w newid: dim geiriau proffesiynol wedi&apos;u canfod.</translation>
    </message>
    <message>
        <source>Print the document</source>
        <translation>Argraffu&apos;r ddogfen</translation>
    </message>
    <message>
        <source>That would save a file. To keep a copy, use Save as PDF….</source>
        <translation>Byddai hynny&apos;n cadw ffeil. I gadw copi, defnyddiwch Cadw fel PDF….</translation>
    </message>
    <message>
        <source>Printing is not available in this version.</source>
        <translation>Dydy argraffu ddim ar gael yn y fersiwn hon.</translation>
    </message>
    <message>
        <source>Printing needs a part of Qt that is not installed (PySide6-Pdf). Save as PDF… still works.</source>
        <translation>Mae argraffu angen rhan o Qt sydd heb ei gosod (PySide6-Pdf). Mae Cadw fel PDF… yn dal i weithio.</translation>
    </message>
    <message>
        <source>Getting the pages ready…</source>
        <translation>Yn paratoi&apos;r tudalennau…</translation>
    </message>
    <message>
        <source>Printing page {page} of {total}…</source>
        <translation>Yn argraffu tudalen {page} o {total}…</translation>
    </message>
    <message>
        <source>The printer could not be started. Check it is switched on and try again.</source>
        <translation>Doedd dim modd cychwyn yr argraffydd. Gwnewch yn siŵr ei fod wedi&apos;i droi ymlaen, a rhowch gynnig arall arni.</translation>
    </message>
    <message>
        <source>The printer stopped before the last page. Check it and try again.</source>
        <translation>Stopiodd yr argraffydd cyn y dudalen olaf. Gwiriwch ef, a rhowch gynnig arall arni.</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer. Safety Map kept no copy.</source>
        <translation>
            <numerusform>Anfonwyd %n o dudalennau i&apos;r argraffydd. Wnaeth Safety Map ddim cadw copi.</numerusform>
            <numerusform>Anfonwyd %n tudalen i&apos;r argraffydd. Wnaeth Safety Map ddim cadw copi.</numerusform>
            <numerusform>Anfonwyd %n o dudalennau i&apos;r argraffydd. Wnaeth Safety Map ddim cadw copi.</numerusform>
            <numerusform>Anfonwyd %n o dudalennau i&apos;r argraffydd. Wnaeth Safety Map ddim cadw copi.</numerusform>
            <numerusform>Anfonwyd %n o dudalennau i&apos;r argraffydd. Wnaeth Safety Map ddim cadw copi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Making documents is not available in this version.</source>
        <translation>Dydy gwneud dogfennau ddim ar gael yn y fersiwn hon.</translation>
    </message>
    <message>
        <source>Making the document…</source>
        <translation>Yn gwneud y ddogfen…</translation>
    </message>
    <message>
        <source>Saved as {file} in the folder “{folder}”.</source>
        <translation>Wedi&apos;i chadw fel {file} yn y ffolder “{folder}”.</translation>
    </message>
    <message>
        <source>Please wait: the document is nearly ready.</source>
        <translation>Arhoswch: mae&apos;r ddogfen bron yn barod.</translation>
    </message>
</context>
<context>
    <name>family_list</name>
    <message>
        <source>today at {time}</source>
        <translation>heddiw am {time}</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>ddoe</translation>
    </message>
    <message>
        <source>No children added yet</source>
        <translation>Dim plant wedi&apos;u hychwanegu eto</translation>
    </message>
    <message>
        <source>Child: {name}</source>
        <translation>Plentyn: {name}</translation>
    </message>
    <message>
        <source>Children: {names} and {last}</source>
        <translation>Plant: {names}, {last}</translation>
    </message>
    <message>
        <source>New family</source>
        <translation>Teulu newydd</translation>
    </message>
    <message>
        <source>Give the family a name you will recognise, and choose the way of working that fits.</source>
        <translation>Rhowch enw i&apos;r teulu y byddwch chi&apos;n ei adnabod, a dewiswch y ffordd o weithio sy&apos;n addas.</translation>
    </message>
    <message>
        <source>For example: Hughes-Kowalski family</source>
        <translation>Er enghraifft: teulu Hughes-Kowalski</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Enw&apos;r teulu</translation>
    </message>
    <message>
        <source>Way of working (practice template)</source>
        <translation>Ffordd o weithio (templed ymarfer)</translation>
    </message>
    <message>
        <source>Way of working</source>
        <translation>Ffordd o weithio</translation>
    </message>
    <message>
        <source>Create family</source>
        <translation>Creu teulu</translation>
    </message>
    <message>
        <source>Families</source>
        <translation>Teuluoedd</translation>
    </message>
    <message>
        <source>Search names, people and what has been written…</source>
        <translation>Chwilio enwau, pobl a&apos;r hyn sydd wedi&apos;i ysgrifennu…</translation>
    </message>
    <message>
        <source>Search families</source>
        <translation>Chwilio teuluoedd</translation>
    </message>
    <message>
        <source>Families found</source>
        <translation>Teuluoedd a ganfuwyd</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Agor</translation>
    </message>
    <message>
        <source>Open the chosen family</source>
        <translation>Agor y teulu a ddewiswyd</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archifo</translation>
    </message>
    <message>
        <source>Archive the chosen family</source>
        <translation>Archifo&apos;r teulu a ddewiswyd</translation>
    </message>
    <message>
        <source>Archived families are kept, just out of the way.</source>
        <translation>Mae teuluoedd wedi&apos;u harchifo yn cael eu cadw, dim ond o&apos;r ffordd.</translation>
    </message>
    <message>
        <source>Show archived families</source>
        <translation>Dangos teuluoedd wedi&apos;u harchifo</translation>
    </message>
    <message>
        <source>No family matches that search.</source>
        <translation>Does dim teulu&apos;n cyfateb i&apos;r chwiliad hwnnw.</translation>
    </message>
    <message>
        <source>There are no families yet. Press “New family” (Ctrl+N) to start one.</source>
        <translation>Does dim teuluoedd eto. Pwyswch “Teulu newydd” (Ctrl+N) i ddechrau un.</translation>
    </message>
    <message numerus="yes">
        <source>%n family(s). Up and down arrows choose, Enter opens.</source>
        <translation>
            <numerusform>%n o deuluoedd. Saethau i fyny ac i lawr i ddewis, Enter i agor.</numerusform>
            <numerusform>%n teulu. Saethau i fyny ac i lawr i ddewis, Enter i agor.</numerusform>
            <numerusform>%n o deuluoedd. Saethau i fyny ac i lawr i ddewis, Enter i agor.</numerusform>
            <numerusform>%n o deuluoedd. Saethau i fyny ac i lawr i ddewis, Enter i agor.</numerusform>
            <numerusform>%n o deuluoedd. Saethau i fyny ac i lawr i ddewis, Enter i agor.</numerusform>
        </translation>
    </message>
    <message>
        <source>{name}   (archived)</source>
        <translation>{name}   (wedi&apos;i archifo)</translation>
    </message>
    <message>
        <source>last change {when}</source>
        <translation>newid diwethaf {when}</translation>
    </message>
    <message>
        <source>Bring back</source>
        <translation>Tynnu o&apos;r archif</translation>
    </message>
    <message>
        <source>Bring back the chosen family</source>
        <translation>Tynnu&apos;r teulu a ddewiswyd o&apos;r archif</translation>
    </message>
    <message>
        <source>The family is back in the list.</source>
        <translation>Mae&apos;r teulu yn ôl yn y rhestr.</translation>
    </message>
    <message>
        <source>The family has been archived. Tick “Show archived families” to see it.</source>
        <translation>Mae&apos;r teulu wedi&apos;i archifo. Ticiwch “Dangos teuluoedd wedi&apos;u harchifo” i&apos;w weld.</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <source>Written</source>
        <translation>Ysgrifennwyd</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Newidiwyd</translation>
    </message>
    <message>
        <source>Taken off the map</source>
        <translation>Tynnwyd oddi ar y map</translation>
    </message>
    <message>
        <source>The working copy (last changed {day})</source>
        <translation>Y copi gwaith (newidiwyd ddiwethaf {day})</translation>
    </message>
    <message>
        <source>Version {number}, agreed {day}{note}</source>
        <translation>Fersiwn {number}, cytunwyd {day}{note}</translation>
    </message>
    <message>
        <source>&lt;p&gt;These two versions are the same.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mae&apos;r ddwy fersiwn hyn yr un fath.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Added:&lt;/b&gt; {line}</source>
        <translation>&lt;b&gt;Ychwanegwyd:&lt;/b&gt; {line}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Removed:&lt;/b&gt; &lt;s&gt;{line}&lt;/s&gt;</source>
        <translation>&lt;b&gt;Tynnwyd:&lt;/b&gt; &lt;s&gt;{line}&lt;/s&gt;</translation>
    </message>
    <message>
        <source>Unchanged: {line}</source>
        <translation>Heb newid: {line}</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%n line(s) added, {removed} removed.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o linellau wedi&apos;u hychwanegu, {removed} wedi&apos;u tynnu.&lt;/b&gt;&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n llinell wedi&apos;i hychwanegu, {removed} wedi&apos;u tynnu.&lt;/b&gt;&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o linellau wedi&apos;u hychwanegu, {removed} wedi&apos;u tynnu.&lt;/b&gt;&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o linellau wedi&apos;u hychwanegu, {removed} wedi&apos;u tynnu.&lt;/b&gt;&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o linellau wedi&apos;u hychwanegu, {removed} wedi&apos;u tynnu.&lt;/b&gt;&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>History</source>
        <translation>Hanes</translation>
    </message>
    <message>
        <source>Parts of the history</source>
        <translation>Rhannau&apos;r hanes</translation>
    </message>
    <message>
        <source>Entries, every version</source>
        <translation>Cofnodion, pob fersiwn</translation>
    </message>
    <message>
        <source>The safety plan, every version</source>
        <translation>Y cynllun diogelwch, pob fersiwn</translation>
    </message>
    <message>
        <source>Numbers over time</source>
        <translation>Rhifau dros amser</translation>
    </message>
    <message>
        <source>Every change, newest first</source>
        <translation>Pob newid, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Close the history</source>
        <translation>Cau&apos;r hanes</translation>
    </message>
    <message>
        <source>Choose an entry to see every version of it: when it was written, each change, and who made it.</source>
        <translation>Dewiswch gofnod i weld pob fersiwn ohono: pryd cafodd ei ysgrifennu, pob newid, a phwy a&apos;i gwnaeth.</translation>
    </message>
    <message>
        <source>Entries on the map and in the children&apos;s houses</source>
        <translation>Cofnodion ar y map ac yn nhai&apos;r plant</translation>
    </message>
    <message>
        <source>Every version of the chosen entry</source>
        <translation>Pob fersiwn o&apos;r cofnod a ddewiswyd</translation>
    </message>
    <message>
        <source>(no words yet)</source>
        <translation>(dim geiriau eto)</translation>
    </message>
    <message>
        <source>{area} (resolved): {words}</source>
        <translation>{area} (wedi&apos;i ddatrys): {words}</translation>
    </message>
    <message>
        <source>House</source>
        <translation>Tŷ</translation>
    </message>
    <message>
        <source>Nothing has been written on the map yet.</source>
        <translation>Does dim byd wedi&apos;i ysgrifennu ar y map eto.</translation>
    </message>
    <message>
        <source>&lt;p&gt;No saved versions were found for this entry.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Chafwyd hyd i ddim fersiynau wedi&apos;u cadw o&apos;r cofnod hwn.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;%n version(s)&lt;/b&gt;, newest first.&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o fersiynau&lt;/b&gt;, y diweddaraf yn gyntaf.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n fersiwn&lt;/b&gt;, y diweddaraf yn gyntaf.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o fersiynau&lt;/b&gt;, y diweddaraf yn gyntaf.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o fersiynau&lt;/b&gt;, y diweddaraf yn gyntaf.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;%n o fersiynau&lt;/b&gt;, y diweddaraf yn gyntaf.&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>someone</source>
        <translation>rhywun</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Version {number}: {what}{changed}, {when}, by {who}&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Fersiwn {number}: {what}{changed}, {when}, gan {who}&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;(no words)&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;(dim geiriau)&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Marked resolved.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Wedi&apos;i nodi wedi&apos;i ddatrys.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Cymharu</translation>
    </message>
    <message>
        <source>Compare this version of the plan</source>
        <translation>Cymharu&apos;r fersiwn hon o&apos;r cynllun</translation>
    </message>
    <message>
        <source>with this version of the plan</source>
        <translation>â&apos;r fersiwn hon o&apos;r cynllun</translation>
    </message>
    <message>
        <source>Show the lines that did not change</source>
        <translation>Dangos y llinellau na newidiodd</translation>
    </message>
    <message>
        <source>with</source>
        <translation>â</translation>
    </message>
    <message>
        <source>What changed between the two versions of the plan</source>
        <translation>Beth newidiodd rhwng dwy fersiwn y cynllun</translation>
    </message>
    <message>
        <source>&lt;p&gt;There is only one version of the plan so far, so there is nothing to compare yet. Every agreed version is kept.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Dim ond un fersiwn o&apos;r cynllun sydd hyd yma, felly does dim i&apos;w gymharu eto. Mae pob fersiwn y cytunwyd arni yn cael ei chadw.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;There is no plan yet.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Does dim cynllun eto.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;These two versions are the same.&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Mae&apos;r ddwy fersiwn hyn yr un fath.&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Every change to this family, newest first</source>
        <translation>Pob newid i&apos;r teulu hwn, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <source>Undo this change</source>
        <translation>Dadwneud y newid hwn</translation>
    </message>
    <message>
        <source>Undo the chosen change</source>
        <translation>Dadwneud y newid a ddewiswyd</translation>
    </message>
    <message>
        <source>Takes back just this change. It is kept in the history, with the undo after it.</source>
        <translation>Yn dadwneud y newid hwn yn unig. Mae&apos;n aros yn yr hanes, gyda&apos;r dadwneud ar ei ôl.</translation>
    </message>
    <message>
        <source>{what} of change {number}</source>
        <translation>{what} newid {number}</translation>
    </message>
    <message>
        <source>{day}, {time}: {who} {what}</source>
        <translation>{day}, {time}: {who} {what}</translation>
    </message>
    <message>
        <source>{change}, undone by change {number}</source>
        <translation>{change}, wedi&apos;i ddadwneud gan newid {number}</translation>
    </message>
    <message>
        <source>Change {number}. {change}</source>
        <translation>Newid {number}. {change}</translation>
    </message>
    <message>
        <source>Change {number} is undone (the undo is change {undo}).</source>
        <translation>Mae newid {number} wedi&apos;i ddadwneud (newid {undo} yw&apos;r dadwneud).</translation>
    </message>
    <message>
        <source>Every number, newest first</source>
        <translation>Pob rhif, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <source>{day}: {who}, {score} out of 10</source>
        <translation>{day}: {who}, {score} allan o 10</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <source>Safety Map is locked. The last change could not be saved before it locked; type your passphrase and check the page you were on.</source>
        <extracomment>the redo keys the menu offers besides the platform&apos;s own (Ctrl+Shift+Z, Ctrl+Y)</extracomment>
        <translation>Mae Safety Map wedi&apos;i gloi. Doedd dim modd cadw&apos;r newid diwethaf cyn iddo gloi; teipiwch eich cyfrinymadrodd a gwiriwch y dudalen roeddech chi arni.</translation>
    </message>
    <message>
        <source>Notice</source>
        <extracomment>how many blocks of each of pymalloc&apos;s small size classes the scrub takes (and gives back)</extracomment>
        <translation>Hysbysiad</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Dismiss this notice</source>
        <translation>Cau&apos;r hysbysiad hwn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>New family…</source>
        <translation>Teulu &amp;newydd…</translation>
    </message>
    <message>
        <source>All families</source>
        <translation>&amp;Pob teulu</translation>
    </message>
    <message>
        <source>Print or save a document…</source>
        <translation>&amp;Argraffu neu gadw dogfen…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Go&amp;sodiadau…</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>&amp;Cloi nawr</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>&amp;Gadael</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>&amp;Dadwneud</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>&amp;Ail-wneud</translation>
    </message>
    <message>
        <source>Guided conversation</source>
        <translation>&amp;Sgwrs dan arweiniad</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>&amp;Goruchwyliaeth</translation>
    </message>
    <message>
        <source>Group supervision (initials only)</source>
        <translation>Goruchwyliaeth g&amp;rŵp (blaenlythrennau yn unig)</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>&amp;Hanes…</translation>
    </message>
    <message>
        <source>Next part of the window</source>
        <translation>Rhan &amp;nesaf y ffenestr</translation>
    </message>
    <message>
        <source>Previous part of the window</source>
        <translation>Rhan &amp;flaenorol y ffenestr</translation>
    </message>
    <message>
        <source>Hand this family over (save a bundle)…</source>
        <translation>T&amp;rosglwyddo&apos;r teulu hwn (cadw pecyn)…</translation>
    </message>
    <message>
        <source>Receive a family from a bundle…</source>
        <translation>&amp;Derbyn teulu o becyn…</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Dewislen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ffeil</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Golygu</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>G&amp;weld</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Mynd</translation>
    </message>
    <message>
        <source>Everything is saved.</source>
        <translation>Mae popeth wedi&apos;i gadw.</translation>
    </message>
    <message>
        <source>Your organisation&apos;s practice templates could not be used, so the ones that come with Safety Map are being used instead. {problem}</source>
        <translation>Doedd dim modd defnyddio templedi ymarfer eich sefydliad, felly mae&apos;r rhai sy&apos;n dod gyda Safety Map yn cael eu defnyddio yn eu lle. {problem}</translation>
    </message>
    <message>
        <source>Putting the backup in place and checking it… this takes a moment.</source>
        <translation>Yn rhoi&apos;r copi wrth gefn yn ei le ac yn ei wirio… mae hyn yn cymryd eiliad.</translation>
    </message>
    <message>
        <source>Your store has been replaced with the backup, and it checked out ({families}). The store as it was is kept beside it, in the same folder. Type your passphrase to open it.</source>
        <translation>Mae&apos;r copi wrth gefn wedi cymryd lle eich storfa, ac roedd popeth yn iawn ({families}). Mae&apos;r storfa fel yr oedd yn cael ei chadw wrth ei hochr, yn yr un ffolder. Teipiwch eich cyfrinymadrodd i&apos;w hagor.</translation>
    </message>
    <message>
        <source>{problem} Type your passphrase to open your store.</source>
        <translation>{problem} Teipiwch eich cyfrinymadrodd i agor eich storfa.</translation>
    </message>
    <message>
        <source>Thank you. Your name goes on the plans you print.</source>
        <translation>Diolch. Mae eich enw&apos;n mynd ar y cynlluniau rydych chi&apos;n eu hargraffu.</translation>
    </message>
    <message>
        <source>That family is no longer in this store.</source>
        <translation>Dydy&apos;r teulu hwnnw ddim yn y storfa hon bellach.</translation>
    </message>
    <message>
        <source>Redo is paused during group supervision, while the map shows initials.</source>
        <translation>Mae ail-wneud wedi&apos;i oedi yn ystod goruchwyliaeth grŵp, tra bo&apos;r map yn dangos blaenlythrennau.</translation>
    </message>
    <message>
        <source>Undo is paused during group supervision, while the map shows initials.</source>
        <translation>Mae dadwneud wedi&apos;i oedi yn ystod goruchwyliaeth grŵp, tra bo&apos;r map yn dangos blaenlythrennau.</translation>
    </message>
    <message>
        <source>Redo {step}</source>
        <translation>&amp;Ail-wneud {step}</translation>
    </message>
    <message>
        <source>Undo {step}</source>
        <translation>&amp;Dadwneud {step}</translation>
    </message>
</context>
<context>
    <name>profile_dialog</name>
    <message>
        <source>Who is using Safety Map on this laptop? Your name goes on the plans you print, so families know whom to call.</source>
        <translation>Pwy sy&apos;n defnyddio Safety Map ar y gliniadur hwn? Mae eich enw&apos;n mynd ar y cynlluniau rydych chi&apos;n eu hargraffu, er mwyn i deuluoedd wybod pwy i&apos;w ffonio.</translation>
    </message>
    <message>
        <source>Only your name is needed. You can do this later, or change it in Settings.</source>
        <translation>Dim ond eich enw sydd ei angen. Gallwch wneud hyn yn nes ymlaen, neu ei newid yn y Gosodiadau.</translation>
    </message>
    <message>
        <source>Your name</source>
        <extracomment>(field, label, accessible name, placeholder): the words are translated where shown</extracomment>
        <translation>Eich enw</translation>
    </message>
    <message>
        <source>Your name (needed)</source>
        <translation>Eich enw (mae ei angen)</translation>
    </message>
    <message>
        <source>The name families know you by</source>
        <translation>Yr enw mae teuluoedd yn eich adnabod wrtho</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Eich rôl</translation>
    </message>
    <message>
        <source>Your role (optional)</source>
        <translation>Eich rôl (dewisol)</translation>
    </message>
    <message>
        <source>For example: Social worker</source>
        <translation>Er enghraifft: Gweithiwr cymdeithasol</translation>
    </message>
    <message>
        <source>Your team</source>
        <translation>Eich tîm</translation>
    </message>
    <message>
        <source>Your team (optional)</source>
        <translation>Eich tîm (dewisol)</translation>
    </message>
    <message>
        <source>For example: Children&apos;s services, north team</source>
        <translation>Er enghraifft: Gwasanaethau plant, tîm y gogledd</translation>
    </message>
    <message>
        <source>Work phone</source>
        <translation>Ffôn gwaith</translation>
    </message>
    <message>
        <source>Your work phone (optional)</source>
        <translation>Eich ffôn gwaith (dewisol)</translation>
    </message>
    <message>
        <source>The number families can call you on</source>
        <translation>Y rhif y gall teuluoedd eich ffonio arno</translation>
    </message>
    <message>
        <source>About you</source>
        <translation>Amdanoch chi</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Who is using Safety Map</source>
        <translation>Pwy sy&apos;n defnyddio Safety Map</translation>
    </message>
    <message>
        <source>Welcome: who are you?</source>
        <translation>Croeso: pwy ydych chi?</translation>
    </message>
    <message>
        <source>Who are you?</source>
        <translation>Pwy ydych chi?</translation>
    </message>
    <message>
        <source>Why we ask</source>
        <translation>Pam rydyn ni&apos;n gofyn</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Dim nawr</translation>
    </message>
    <message>
        <source>Not now: ask me next time</source>
        <translation>Dim nawr: gofynnwch i mi y tro nesaf</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Save my details</source>
        <translation>Cadw fy manylion</translation>
    </message>
    <message>
        <source>Add your name</source>
        <translation>Ychwanegwch eich enw</translation>
    </message>
    <message>
        <source>Who is using Safety Map on this laptop? Add your name: it goes on the plans you print, so families know whom to call.</source>
        <translation>Pwy sy&apos;n defnyddio Safety Map ar y gliniadur hwn? Ychwanegwch eich enw: mae&apos;n mynd ar y cynlluniau rydych chi&apos;n eu hargraffu, er mwyn i deuluoedd wybod pwy i&apos;w ffonio.</translation>
    </message>
    <message>
        <source>Your name is not set yet</source>
        <translation>Dydy eich enw ddim wedi&apos;i osod eto</translation>
    </message>
    <message>
        <source>Add my name…</source>
        <translation>Ychwanegu fy enw…</translation>
    </message>
    <message>
        <source>Add my name and work phone</source>
        <translation>Ychwanegu fy enw a&apos;m ffôn gwaith</translation>
    </message>
    <message>
        <source>Not now: hide this until next time</source>
        <translation>Dim nawr: cuddio hwn tan y tro nesaf</translation>
    </message>
</context>
<context>
    <name>safety_check_dialog</name>
    <message>
        <source>These could tell someone where the family is, or who they are. Choose for each one. The family&apos;s record is not changed.</source>
        <translation>Gallai&apos;r rhain ddweud wrth rywun ble mae&apos;r teulu, neu pwy ydyn nhw. Dewiswch ar gyfer pob un. Dydy cofnod y teulu ddim yn cael ei newid.</translation>
    </message>
    <message>
        <source>This is a safe copy: anything not marked “This is fine” is left out.</source>
        <translation>Copi diogel yw hwn: mae unrhyw beth sydd heb ei farcio&apos;n “Mae hyn yn iawn” yn cael ei adael allan.</translation>
    </message>
    <message>
        <source>Anything you do not choose for is printed as it is. Your choices are kept for this family&apos;s next print.</source>
        <translation>Mae unrhyw beth nad ydych chi&apos;n dewis ar ei gyfer yn cael ei argraffu fel y mae. Mae eich dewisiadau&apos;n cael eu cadw ar gyfer y tro nesaf y byddwch chi&apos;n argraffu i&apos;r teulu hwn.</translation>
    </message>
    <message>
        <source>Leave it out of the family&apos;s copy</source>
        <translation>Ei adael allan o gopi&apos;r teulu</translation>
    </message>
    <message>
        <source>This is fine</source>
        <translation>Mae hyn yn iawn</translation>
    </message>
    <message>
        <source>Always left out</source>
        <translation>Gadael allan bob tro</translation>
    </message>
    <message>
        <source>An address</source>
        <extracomment>how much of a long text is shown either side of the words found at most this many of a finding&apos;s places are quoted; the rest are counted</extracomment>
        <translation>Cyfeiriad</translation>
    </message>
    <message>
        <source>A postcode</source>
        <translation>Cod post</translation>
    </message>
    <message>
        <source>A phone number</source>
        <translation>Rhif ffôn</translation>
    </message>
    <message>
        <source>An email address</source>
        <translation>Cyfeiriad e-bost</translation>
    </message>
    <message>
        <source>A place name</source>
        <translation>Enw lle</translation>
    </message>
    <message>
        <source>A school&apos;s name</source>
        <translation>Enw ysgol</translation>
    </message>
    <message>
        <source>A workplace</source>
        <translation>Gweithle</translation>
    </message>
    <message>
        <source>An organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>A role that says where someone is</source>
        <translation>Rôl sy&apos;n dweud ble mae rhywun</translation>
    </message>
    <message>
        <source>A word that can say where someone is</source>
        <translation>Gair sy&apos;n gallu dweud ble mae rhywun</translation>
    </message>
    <message>
        <source>A person marked confidential</source>
        <translation>Person wedi&apos;i farcio&apos;n gyfrinachol</translation>
    </message>
    <message>
        <source>Your organisation&apos;s own locating words could not be used</source>
        <translation>Doedd dim modd defnyddio geiriau lleoli eich sefydliad eich hun</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} a {last}</translation>
    </message>
    <message>
        <source>In {where} (1 place).</source>
        <translation>Yn {where} (1 lle).</translation>
    </message>
    <message numerus="yes">
        <source>In {where} (%n places).</source>
        <translation>
            <numerusform>Yn {where} (%n o leoedd).</numerusform>
            <numerusform>Yn {where} (%n lle).</numerusform>
            <numerusform>Yn {where} (%n o leoedd).</numerusform>
            <numerusform>Yn {where} (%n o leoedd).</numerusform>
            <numerusform>Yn {where} (%n o leoedd).</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything else below was still looked for.</source>
        <translation>Chwiliwyd am bopeth arall isod o hyd.</translation>
    </message>
    <message>
        <source>This person is marked confidential, so they are never in the family&apos;s copy.</source>
        <translation>Mae&apos;r person hwn wedi&apos;i farcio&apos;n gyfrinachol, felly dydyn nhw byth yng nghopi&apos;r teulu.</translation>
    </message>
    <message>
        <source>It will be left out of the family&apos;s copy.</source>
        <translation>Bydd yn cael ei adael allan o gopi&apos;r teulu.</translation>
    </message>
    <message>
        <source>It will be printed as it is.</source>
        <translation>Bydd yn cael ei argraffu fel y mae.</translation>
    </message>
    <message>
        <source>Not chosen yet: this safe copy leaves it out.</source>
        <translation>Heb ddewis eto: mae&apos;r copi diogel hwn yn ei adael allan.</translation>
    </message>
    <message>
        <source>Not chosen yet: it will be printed as it is.</source>
        <translation>Heb ddewis eto: bydd yn cael ei argraffu fel y mae.</translation>
    </message>
    <message>
        <source>Something that could locate someone</source>
        <translation>Rhywbeth a allai ddweud ble mae rhywun</translation>
    </message>
    <message>
        <source>Something that can locate someone</source>
        <translation>Rhywbeth sy&apos;n gallu dweud ble mae rhywun</translation>
    </message>
    <message>
        <source>{kind}: “{text}”</source>
        <translation>{kind}: “{text}”</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>Beth gafodd ei ganfod</translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation>Beth sydd o&apos;i le</translation>
    </message>
    <message>
        <source>Where it stands</source>
        <translation>Ble mae&apos;n ymddangos</translation>
    </message>
    <message>
        <source>The words in {where}</source>
        <translation>Y geiriau yn {where}</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more place(s).</source>
        <translation>
            <numerusform>…a %n o leoedd eraill.</numerusform>
            <numerusform>…a %n lle arall.</numerusform>
            <numerusform>…a %n o leoedd eraill.</numerusform>
            <numerusform>…a %n o leoedd eraill.</numerusform>
            <numerusform>…a %n o leoedd eraill.</numerusform>
        </translation>
    </message>
    <message>
        <source>More places</source>
        <translation>Rhagor o leoedd</translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation>Beth fydd yn digwydd</translation>
    </message>
    <message>
        <source>Leave “{text}” out of the family&apos;s copy</source>
        <translation>Gadael “{text}” allan o gopi&apos;r teulu</translation>
    </message>
    <message>
        <source>“{text}” is fine to print</source>
        <translation>Mae&apos;n iawn argraffu “{text}”</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>Wedi&apos;i ddewis</translation>
    </message>
    <message>
        <source>Before it goes to the family</source>
        <translation>Cyn iddi fynd i&apos;r teulu</translation>
    </message>
    <message>
        <source>Safety check before it goes to the family</source>
        <translation>Gwiriad diogelwch cyn iddi fynd i&apos;r teulu</translation>
    </message>
    <message>
        <source>Could this locate the family?</source>
        <translation>Allai hyn ddweud ble mae&apos;r teulu?</translation>
    </message>
    <message>
        <source>What this is</source>
        <translation>Beth yw hyn</translation>
    </message>
    <message>
        <source>Safe copy</source>
        <translation>Copi diogel</translation>
    </message>
    <message>
        <source>Ordinary copy</source>
        <translation>Copi arferol</translation>
    </message>
    <message>
        <source>What could locate someone</source>
        <translation>Beth allai ddweud ble mae rhywun</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Cancel: nothing is printed or saved; your choices are kept</source>
        <translation>Canslo: does dim byd yn cael ei argraffu na&apos;i gadw; mae eich dewisiadau&apos;n cael eu cadw</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Argraffu</translation>
    </message>
    <message>
        <source>Save: carry on to choose where to save</source>
        <translation>Cadw: mynd ymlaen i ddewis ble i gadw</translation>
    </message>
    <message>
        <source>Print: carry on to choose a printer</source>
        <translation>Argraffu: mynd ymlaen i ddewis argraffydd</translation>
    </message>
    <message>
        <source>The safety check could not be made, so nothing was printed or saved. {why}</source>
        <translation>Doedd dim modd gwneud y gwiriad diogelwch, felly chafodd dim byd ei argraffu na&apos;i gadw. {why}</translation>
    </message>
</context>
<context>
    <name>security_dialogs</name>
    <message>
        <source>This recovery key opens your store if your passphrase is ever forgotten. It is shown only now: Safety Map keeps no copy it could show you again.</source>
        <extracomment>what the recovery key is for, and where to keep it: on screen and on the printed page</extracomment>
        <translation>Mae&apos;r allwedd adfer hon yn agor eich storfa os byddwch chi byth yn anghofio eich cyfrinymadrodd. Dim ond nawr y caiff ei dangos: dydy Safety Map ddim yn cadw copi y gallai ei ddangos i chi eto.</translation>
    </message>
    <message>
        <source>This recovery key opens your store if your passphrase is ever forgotten. Safety Map keeps no copy of it: this page and what you wrote down are the only ones.</source>
        <extracomment>the same, on paper (it was shown once)</extracomment>
        <translation>Mae&apos;r allwedd adfer hon yn agor eich storfa os byddwch chi byth yn anghofio eich cyfrinymadrodd. Dydy Safety Map ddim yn cadw copi ohoni: y dudalen hon a&apos;r hyn a ysgrifennoch chi yw&apos;r unig rai.</translation>
    </message>
    <message>
        <source>Write it down or print it, and keep it apart from this laptop: not in the laptop bag, and not in a file on this laptop. Anyone who has both the key and the laptop can open every family&apos;s record.</source>
        <translation>Ysgrifennwch hi neu ei hargraffu, a&apos;i chadw ar wahân i&apos;r gliniadur hwn: nid ym mag y gliniadur, ac nid mewn ffeil ar y gliniadur hwn. Gall unrhyw un sydd â&apos;r allwedd a&apos;r gliniadur agor cofnod pob teulu.</translation>
    </message>
    <message>
        <source>A locked drawer at your office is a good place, or wherever your organisation asks you to keep it.</source>
        <translation>Mae drôr wedi&apos;i gloi yn eich swyddfa yn lle da, neu ble bynnag mae eich sefydliad yn gofyn i chi ei chadw.</translation>
    </message>
    <message>
        <source>0 is zero and 1 is one: the key has no letters O, I, L or U.</source>
        <translation>0 yw sero ac 1 yw un: does dim llythrennau O, I, L nac U yn yr allwedd.</translation>
    </message>
    <message>
        <source>It cannot be shown again. Tick the box once you have written it down or printed it. (If it is lost, you can make a new one in Settings.)</source>
        <translation>Does dim modd ei dangos eto. Ticiwch y blwch ar ôl i chi ei hysgrifennu neu ei hargraffu. (Os caiff ei cholli, gallwch chi wneud un newydd yn y Gosodiadau.)</translation>
    </message>
    <message>
        <source>This store has no recovery key yet. Without one, a forgotten passphrase loses every family&apos;s record. Make one now?</source>
        <translation>Does gan y storfa hon ddim allwedd adfer eto. Heb un, bydd cyfrinymadrodd wedi&apos;i anghofio yn colli cofnod pob teulu. Gwneud un nawr?</translation>
    </message>
    <message>
        <source>Safety Map document</source>
        <extracomment>the width of each of Settings ▸ Passphrase and recovery&apos;s two columns the print job&apos;s title in the print queue: never what it is</extracomment>
        <translation>Dogfen Safety Map</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Your recovery key</source>
        <extracomment>replaced in tests: the printer to print on (None to cancel)</extracomment>
        <translation>Eich allwedd adfer</translation>
    </message>
    <message>
        <source>What the recovery key is for</source>
        <translation>Beth yw pwrpas yr allwedd adfer</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Allwedd adfer</translation>
    </message>
    <message>
        <source>Group {number} of {total}</source>
        <translation>Grŵp {number} o {total}</translation>
    </message>
    <message>
        <source>Reading the key</source>
        <translation>Darllen yr allwedd</translation>
    </message>
    <message>
        <source>Where to keep it</source>
        <translation>Ble i&apos;w chadw</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>I have written it down or printed it</source>
        <translation>Rydw i wedi&apos;i hysgrifennu neu wedi&apos;i hargraffu</translation>
    </message>
    <message>
        <source>Print it…</source>
        <translation>Argraffu…</translation>
    </message>
    <message>
        <source>Print the recovery key</source>
        <translation>Argraffu&apos;r allwedd adfer</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>Done: I have kept the recovery key</source>
        <translation>Gorffen: rydw i wedi cadw&apos;r allwedd adfer</translation>
    </message>
    <message>
        <source>Made on {date}.</source>
        <translation>Gwnaed ar {date}.</translation>
    </message>
    <message>
        <source>Safety Map recovery key</source>
        <translation>Allwedd adfer Safety Map</translation>
    </message>
    <message>
        <source>That would save the key in a file on this laptop. Choose a printer, or write the key down.</source>
        <translation>Byddai hynny&apos;n cadw&apos;r allwedd mewn ffeil ar y gliniadur hwn. Dewiswch argraffydd, neu ysgrifennwch yr allwedd.</translation>
    </message>
    <message>
        <source>Sent to the printer. Check the page has come out before you tick the box.</source>
        <translation>Wedi&apos;i hanfon i&apos;r argraffydd. Gwiriwch fod y dudalen wedi dod allan cyn i chi dicio&apos;r blwch.</translation>
    </message>
    <message>
        <source>What this does</source>
        <translation>Beth mae hyn yn ei wneud</translation>
    </message>
    <message>
        <source>Your passphrase</source>
        <translation>Eich cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Passphrase and recovery</source>
        <extracomment>replaced in tests: ask for the passphrase again (None: cancelled) replaced in tests: show a new recovery key once (returns when it is put away)</extracomment>
        <translation>Cyfrinymadrodd ac adfer</translation>
    </message>
    <message>
        <source>Change your passphrase</source>
        <translation>Newid eich cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Changing it is quick: your families&apos; records are not touched. From then on only the new passphrase opens Safety Map.</source>
        <translation>Mae&apos;n gyflym i&apos;w newid: dydy cofnodion eich teuluoedd ddim yn cael eu cyffwrdd. O hynny ymlaen, dim ond y cyfrinymadrodd newydd sy&apos;n agor Safety Map.</translation>
    </message>
    <message>
        <source>Your current passphrase</source>
        <translation>Eich cyfrinymadrodd presennol</translation>
    </message>
    <message>
        <source>Your new passphrase</source>
        <translation>Eich cyfrinymadrodd newydd</translation>
    </message>
    <message>
        <source>Type the new passphrase again</source>
        <translation>Teipiwch y cyfrinymadrodd newydd eto</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Cyfrinymadrodd presennol</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Cyfrinymadrodd newydd</translation>
    </message>
    <message>
        <source>Type the new one again</source>
        <translation>Teipiwch yr un newydd eto</translation>
    </message>
    <message>
        <source>Show what I type</source>
        <translation>Dangos beth rwy&apos;n ei deipio</translation>
    </message>
    <message>
        <source>How hard the new passphrase is to guess</source>
        <translation>Pa mor anodd yw dyfalu&apos;r cyfrinymadrodd newydd</translation>
    </message>
    <message>
        <source>Change my passphrase</source>
        <translation>Newid fy nghyfrinymadrodd</translation>
    </message>
    <message>
        <source>Passphrase change</source>
        <translation>Newid y cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Make a new recovery key…</source>
        <translation>Gwneud allwedd adfer newydd…</translation>
    </message>
    <message>
        <source>Make a new recovery key</source>
        <translation>Gwneud allwedd adfer newydd</translation>
    </message>
    <message>
        <source>How long unlocking takes</source>
        <translation>Faint o amser mae datgloi&apos;n ei gymryd</translation>
    </message>
    <message>
        <source>Make unlocking slower…</source>
        <translation>Gwneud datgloi&apos;n arafach…</translation>
    </message>
    <message>
        <source>Make unlocking slower and harder to guess</source>
        <translation>Gwneud datgloi&apos;n arafach ac yn anoddach ei ddyfalu</translation>
    </message>
    <message>
        <source>Your organisation</source>
        <translation>Eich sefydliad</translation>
    </message>
    <message>
        <source>Your organisation&apos;s recovery key</source>
        <translation>Allwedd adfer eich sefydliad</translation>
    </message>
    <message>
        <source>Working, please wait</source>
        <translation>Wrthi&apos;n gweithio, arhoswch</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>This store has a recovery key. If it is lost, or someone else may have seen it, make a new one: the old one then stops working.</source>
        <translation>Mae gan y storfa hon allwedd adfer. Os caiff ei cholli, neu os gallai rhywun arall fod wedi&apos;i gweld, gwnewch un newydd: bydd yr hen un yn stopio gweithio wedyn.</translation>
    </message>
    <message>
        <source>This store has no recovery key yet. Without one, a forgotten passphrase loses every family&apos;s record.</source>
        <translation>Does gan y storfa hon ddim allwedd adfer eto. Heb un, bydd cyfrinymadrodd wedi&apos;i anghofio yn colli cofnod pob teulu.</translation>
    </message>
    <message>
        <source>Make a recovery key…</source>
        <translation>Gwneud allwedd adfer…</translation>
    </message>
    <message>
        <source>Each unlock now works through {cost}. The longer it takes, the harder a stolen laptop&apos;s store is to break into by guessing. You can make it take about {seconds} seconds on this laptop.</source>
        <translation>Mae pob datgloi nawr yn gweithio drwy {cost}. Po hiraf mae&apos;n ei gymryd, anoddaf yw torri i mewn i storfa gliniadur wedi&apos;i ddwyn drwy ddyfalu. Gallwch chi wneud iddo gymryd tua {seconds} eiliad ar y gliniadur hwn.</translation>
    </message>
    <message>
        <source>Your organisation can also recover this store: {names}.</source>
        <translation>Gall eich sefydliad adfer y storfa hon hefyd: {names}.</translation>
    </message>
    <message>
        <source>No organisation recovery key is set for this store. Only your passphrase and your recovery key open it.</source>
        <translation>Does dim allwedd adfer sefydliad wedi&apos;i gosod ar gyfer y storfa hon. Dim ond eich cyfrinymadrodd a&apos;ch allwedd adfer sy&apos;n ei hagor.</translation>
    </message>
    <message>
        <source>It is the same as the current one.</source>
        <translation>Mae&apos;r un fath â&apos;r un presennol.</translation>
    </message>
    <message>
        <source>Changing your passphrase…</source>
        <translation>Yn newid eich cyfrinymadrodd…</translation>
    </message>
    <message>
        <source>Your passphrase has been changed. Use the new one from now on, when you unlock Safety Map.</source>
        <translation>Mae eich cyfrinymadrodd wedi newid. Defnyddiwch yr un newydd o hyn ymlaen, pan fyddwch chi&apos;n datgloi Safety Map.</translation>
    </message>
    <message>
        <source>The recovery key you have now will stop working, and a new one will be shown once. Type your passphrase to go on.</source>
        <translation>Bydd yr allwedd adfer sydd gennych chi nawr yn stopio gweithio, a bydd un newydd yn cael ei dangos unwaith. Teipiwch eich cyfrinymadrodd i fynd ymlaen.</translation>
    </message>
    <message>
        <source>A recovery key will be made and shown once. Type your passphrase to go on.</source>
        <translation>Bydd allwedd adfer yn cael ei gwneud a&apos;i dangos unwaith. Teipiwch eich cyfrinymadrodd i fynd ymlaen.</translation>
    </message>
    <message>
        <source>Make a recovery key</source>
        <translation>Gwneud allwedd adfer</translation>
    </message>
    <message>
        <source>Make the key</source>
        <translation>Gwneud yr allwedd</translation>
    </message>
    <message>
        <source>Making a new recovery key…</source>
        <translation>Yn gwneud allwedd adfer newydd…</translation>
    </message>
    <message>
        <source>The new recovery key is made. The old one no longer works.</source>
        <translation>Mae&apos;r allwedd adfer newydd wedi&apos;i gwneud. Dydy&apos;r hen un ddim yn gweithio mwyach.</translation>
    </message>
    <message>
        <source>Make unlocking slower</source>
        <translation>Gwneud datgloi&apos;n arafach</translation>
    </message>
    <message>
        <source>Safety Map will measure this laptop and make each unlock take about {seconds} seconds. Your passphrase stays the same. Type it to go on.</source>
        <translation>Bydd Safety Map yn mesur y gliniadur hwn ac yn gwneud i bob datgloi gymryd tua {seconds} eiliad. Mae eich cyfrinymadrodd yn aros yr un fath. Teipiwch e i fynd ymlaen.</translation>
    </message>
    <message>
        <source>Make it slower</source>
        <translation>Ei wneud yn arafach</translation>
    </message>
    <message>
        <source>Measuring this laptop and making unlocking slower… this takes a few seconds.</source>
        <translation>Yn mesur y gliniadur hwn ac yn gwneud datgloi&apos;n arafach… mae hyn yn cymryd ychydig eiliadau.</translation>
    </message>
    <message>
        <source>Unlocking is slower now, and harder to guess into.</source>
        <translation>Mae datgloi&apos;n arafach nawr, ac yn anoddach torri i mewn drwy ddyfalu.</translation>
    </message>
    <message>
        <source>No recovery key yet</source>
        <translation>Dim allwedd adfer eto</translation>
    </message>
    <message>
        <source>This store has no recovery key yet</source>
        <translation>Does gan y storfa hon ddim allwedd adfer eto</translation>
    </message>
    <message>
        <source>Make a recovery key now</source>
        <translation>Gwneud allwedd adfer nawr</translation>
    </message>
    <message>
        <source>Not now: hide this until next time</source>
        <translation>Dim nawr: cuddio hwn tan y tro nesaf</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Your organisation&apos;s practice templates could not be read.</source>
        <translation>Doedd dim modd darllen templedi ymarfer eich sefydliad.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Gosodiadau</translation>
    </message>
    <message>
        <source>You</source>
        <extracomment>the &quot;You&quot; section: only while a store is open (the profile lives in it)</extracomment>
        <translation>Chi</translation>
    </message>
    <message>
        <source>Your name goes on the plans you print, so families know whom to call. It is kept only in your encrypted store.</source>
        <translation>Mae eich enw&apos;n mynd ar y cynlluniau rydych chi&apos;n eu hargraffu, er mwyn i deuluoedd wybod pwy i&apos;w ffonio. Dim ond yn eich storfa wedi&apos;i hamgryptio y caiff ei gadw.</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>Y gliniadur hwn</translation>
    </message>
    <message>
        <source> minutes</source>
        <extracomment>True once accepted with another language: the window offers the restart</extracomment>
        <translation> munud</translation>
    </message>
    <message>
        <source>Lock after this many minutes without use</source>
        <translation>Cloi ar ôl hyn o funudau heb ddefnydd</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Cloi ar ôl</translation>
    </message>
    <message>
        <source>Only the templates that come with Safety Map</source>
        <translation>Dim ond templedi Safety Map</translation>
    </message>
    <message>
        <source>Your organisation&apos;s practice templates (file or folder)</source>
        <translation>Templedi ymarfer eich sefydliad (ffeil neu ffolder)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Dewis…</translation>
    </message>
    <message>
        <source>Choose a template file</source>
        <translation>Dewis ffeil templed</translation>
    </message>
    <message>
        <source>Organisation&apos;s templates</source>
        <translation>Templedi&apos;r sefydliad</translation>
    </message>
    <message>
        <source>Template check</source>
        <translation>Gwirio&apos;r templedi</translation>
    </message>
    <message>
        <source>These templates cannot be used now, so the ones that come with Safety Map are being used: {problem}</source>
        <translation>Does dim modd defnyddio&apos;r templedi hyn nawr, felly mae&apos;r rhai sy&apos;n dod gyda Safety Map yn cael eu defnyddio: {problem}</translation>
    </message>
    <message>
        <source>Keeping your records safe</source>
        <translation>Cadw eich cofnodion yn ddiogel</translation>
    </message>
    <message>
        <source>Passphrase and recovery…</source>
        <translation>Cyfrinymadrodd ac adfer…</translation>
    </message>
    <message>
        <source>Passphrase and recovery</source>
        <translation>Cyfrinymadrodd ac adfer</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>Copïau wrth gefn…</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Copïau wrth gefn</translation>
    </message>
    <message>
        <source>Practice templates (*.json)</source>
        <translation>Templedi ymarfer (*.json)</translation>
    </message>
    <message>
        <source>Templates found: {names}</source>
        <translation>Templedi a ganfuwyd: {names}</translation>
    </message>
    <message>
        <source>This template cannot be used yet: {problem}</source>
        <translation>Does dim modd defnyddio&apos;r templed hwn eto: {problem}</translation>
    </message>
</context>
<context>
    <name>supervision.panel</name>
    <message>
        <source>Group summary</source>
        <extracomment>(field, label, placeholder): the label and placeholder are translated where shown</extracomment>
        <translation>Crynodeb y grŵp</translation>
    </message>
    <message>
        <source>A short summary for the family&apos;s record: what the group noticed and suggested.</source>
        <translation>Crynodeb byr ar gyfer cofnod y teulu: beth sylwodd y grŵp arno a&apos;i awgrymu.</translation>
    </message>
    <message>
        <source>Why that number</source>
        <translation>Pam y rhif hwnnw</translation>
    </message>
    <message>
        <source>What makes it that number and not lower? What would one step higher look like?</source>
        <translation>Beth sy&apos;n ei wneud yn y rhif hwnnw ac nid yn is? Sut byddai un cam yn uwch yn edrych?</translation>
    </message>
    <message>
        <source>Reflections</source>
        <translation>Myfyrdodau</translation>
    </message>
    <message>
        <source>What went well, what worries you, what we don&apos;t know yet…</source>
        <translation>Beth aeth yn dda, beth sy&apos;n eich poeni, beth dydyn ni ddim yn ei wybod eto…</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Penderfyniad</translation>
    </message>
    <message>
        <source>What has been decided today?</source>
        <translation>Beth sydd wedi&apos;i benderfynu heddiw?</translation>
    </message>
    <message>
        <source>Why (the reasons at the time)</source>
        <translation>Pam (y rhesymau ar y pryd)</translation>
    </message>
    <message>
        <source>The reasons as they are understood today. They are kept as written, so a later review sees what was known at the time.</source>
        <translation>Y rhesymau fel maen nhw&apos;n cael eu deall heddiw. Maen nhw&apos;n cael eu cadw fel y cawson nhw eu hysgrifennu, felly bydd adolygiad diweddarach yn gweld beth oedd yn hysbys ar y pryd.</translation>
    </message>
    <message>
        <source>Supervision</source>
        <extracomment>below this width &quot;No number&quot; sits under the supervisor&apos;s scale, not beside it</extracomment>
        <translation>Goruchwyliaeth</translation>
    </message>
    <message>
        <source>Group supervision: initials</source>
        <translation>Goruchwyliaeth grŵp: llythrennau cyntaf</translation>
    </message>
    <message>
        <source>Group supervision: show initials instead of names</source>
        <translation>Goruchwyliaeth grŵp: dangos llythrennau cyntaf yn lle enwau</translation>
    </message>
    <message>
        <source>Ctrl+Shift+G: names become initials everywhere on screen, and the map is read-only</source>
        <translation>Ctrl+Shift+G: mae enwau&apos;n troi&apos;n llythrennau cyntaf ym mhobman ar y sgrin, a dim ond darllen y map sy&apos;n bosib</translation>
    </message>
    <message>
        <source>Export record…</source>
        <translation>Allforio&apos;r cofnod…</translation>
    </message>
    <message>
        <source>Export the supervision record as a PDF</source>
        <translation>Allforio&apos;r cofnod goruchwyliaeth fel PDF</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Close supervision and go back to the map</source>
        <translation>Cau&apos;r oruchwyliaeth a mynd yn ôl i&apos;r map</translation>
    </message>
    <message>
        <source>Supervision record</source>
        <translation>Cofnod goruchwyliaeth</translation>
    </message>
    <message>
        <source>What has changed since the last sign-off</source>
        <translation>Beth sydd wedi newid ers y gymeradwyaeth ddiwethaf</translation>
    </message>
    <message>
        <source>What has changed</source>
        <translation>Beth sydd wedi newid</translation>
    </message>
    <message>
        <source>Everyone&apos;s numbers over time</source>
        <translation>Rhifau pawb dros amser</translation>
    </message>
    <message>
        <source>Questions to think about together</source>
        <translation>Cwestiynau i feddwl amdanyn nhw gyda&apos;ch gilydd</translation>
    </message>
    <message>
        <source>More, if they help:</source>
        <translation>Rhagor, os ydyn nhw&apos;n help:</translation>
    </message>
    <message>
        <source>More questions, if they help</source>
        <translation>Rhagor o gwestiynau, os ydyn nhw&apos;n help</translation>
    </message>
    <message>
        <source>This supervision</source>
        <translation>Yr oruchwyliaeth hon</translation>
    </message>
    <message>
        <source>About this record</source>
        <translation>Am y cofnod hwn</translation>
    </message>
    <message>
        <source>Your number as supervisor (0 to 10)</source>
        <translation>Eich rhif fel goruchwyliwr (0 i 10)</translation>
    </message>
    <message>
        <source>Your number as supervisor, from 0 to 10</source>
        <translation>Eich rhif fel goruchwyliwr, o 0 i 10</translation>
    </message>
    <message>
        <source>No number</source>
        <translation>Dim rhif</translation>
    </message>
    <message>
        <source>Take the supervisor&apos;s number away</source>
        <translation>Tynnu rhif y goruchwyliwr</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Cymeradwyaeth</translation>
    </message>
    <message>
        <source>Sign off…</source>
        <translation>Cymeradwyo…</translation>
    </message>
    <message>
        <source>Sign off this supervision record</source>
        <translation>Cymeradwyo&apos;r cofnod goruchwyliaeth hwn</translation>
    </message>
    <message>
        <source>Start a new supervision record</source>
        <translation>Dechrau cofnod goruchwyliaeth newydd</translation>
    </message>
    <message>
        <source>Supervision status</source>
        <translation>Statws yr oruchwyliaeth</translation>
    </message>
    <message>
        <source>Earlier supervision records</source>
        <translation>Cofnodion goruchwyliaeth cynharach</translation>
    </message>
    <message>
        <source>Signed-off records are kept exactly as they were written.</source>
        <translation>Mae cofnodion wedi&apos;u cymeradwyo yn cael eu cadw yn union fel y cawson nhw eu hysgrifennu.</translation>
    </message>
    <message>
        <source>The chosen earlier record, read-only</source>
        <translation>Y cofnod cynharach a ddewiswyd, i&apos;w ddarllen yn unig</translation>
    </message>
    <message>
        <source>Group supervision</source>
        <translation>Goruchwyliaeth grŵp</translation>
    </message>
    <message>
        <source>What changed between {day}, when {name} signed off, and this sign-off</source>
        <translation>Beth newidiodd rhwng {day}, pan gymeradwyodd {name}, a&apos;r gymeradwyaeth hon</translation>
    </message>
    <message>
        <source>What changed between the start of the family&apos;s record on {day}, and this sign-off</source>
        <translation>Beth newidiodd rhwng dechrau cofnod y teulu ar {day}, a&apos;r gymeradwyaeth hon</translation>
    </message>
    <message>
        <source>Nothing is saved until you write something. Every field can be left empty.</source>
        <translation>Does dim yn cael ei gadw nes i chi ysgrifennu rhywbeth. Gallwch adael pob maes yn wag.</translation>
    </message>
    <message>
        <source>This record has been signed off and can no longer be changed.</source>
        <translation>Mae&apos;r cofnod hwn wedi&apos;i gymeradwyo a does dim modd ei newid mwyach.</translation>
    </message>
    <message>
        <source>Signed off by {name}, {role} on {when}.</source>
        <translation>Cymeradwywyd gan {name}, {role}, ar {when}.</translation>
    </message>
    <message>
        <source>Signed off by {name} on {when}.</source>
        <translation>Cymeradwywyd gan {name} ar {when}.</translation>
    </message>
    <message>
        <source>Started on {day}. It saves as you type; sign it off when you have finished.</source>
        <translation>Dechreuwyd ar {day}. Mae&apos;n cadw wrth i chi deipio; cymeradwywch e pan fyddwch chi wedi gorffen.</translation>
    </message>
    <message>
        <source>{day}: signed off by {name} ({role})</source>
        <translation>{day}: cymeradwywyd gan {name} ({role})</translation>
    </message>
    <message>
        <source>{day}: signed off by {name}</source>
        <translation>{day}: cymeradwywyd gan {name}</translation>
    </message>
    <message>
        <source>{record}, group supervision</source>
        <translation>{record}, goruchwyliaeth grŵp</translation>
    </message>
    <message>
        <source>No earlier signed-off records for this family.</source>
        <translation>Does dim cofnodion cynharach wedi&apos;u cymeradwyo ar gyfer y teulu hwn.</translation>
    </message>
    <message>
        <source>What had changed in that period</source>
        <translation>Beth oedd wedi newid yn y cyfnod hwnnw</translation>
    </message>
    <message>
        <source>Change the supervision record</source>
        <translation>Newid y cofnod goruchwyliaeth</translation>
    </message>
    <message>
        <source>You are signing off the group supervision record.</source>
        <translation>Rydych chi&apos;n cymeradwyo&apos;r cofnod goruchwyliaeth grŵp.</translation>
    </message>
    <message>
        <source>Signed off. The record is kept as it is now; it is in the audit log.</source>
        <translation>Wedi&apos;i gymeradwyo. Mae&apos;r cofnod yn cael ei gadw fel y mae nawr; mae yn y log archwilio.</translation>
    </message>
    <message>
        <source>Save the supervision record as</source>
        <translation>Cadw&apos;r cofnod goruchwyliaeth fel</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Dogfennau PDF (*.pdf)</translation>
    </message>
    <message>
        <source>supervision-record.pdf</source>
        <translation>cofnod-goruchwyliaeth.pdf</translation>
    </message>
    <message>
        <source>Making the supervision record…</source>
        <translation>Yn gwneud y cofnod goruchwyliaeth…</translation>
    </message>
    <message>
        <source>Saved as {name}.</source>
        <translation>Wedi&apos;i gadw fel {name}.</translation>
    </message>
</context>
<context>
    <name>supervision.report</name>
    <message>
        <source>House of Worries</source>
        <extracomment>the English (source) words; `house_words` gives them in the screens&apos; language</extracomment>
        <translation>Tŷ&apos;r Pryderon</translation>
    </message>
    <message>
        <source>House of Good Things</source>
        <translation>Tŷ&apos;r Pethau Da</translation>
    </message>
    <message>
        <source>House of Dreams</source>
        <translation>Tŷ&apos;r Breuddwydion</translation>
    </message>
    <message>
        <source>the words</source>
        <extracomment>the English (source) words; `field_words` gives them in the screens&apos; language</extracomment>
        <translation>y geiriau</translation>
    </message>
    <message>
        <source>whose view</source>
        <translation>barn pwy</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>wedi&apos;i ddatrys</translation>
    </message>
    <message>
        <source>the paired worry</source>
        <translation>y pryder cysylltiedig</translation>
    </message>
    <message>
        <source>who</source>
        <translation>pwy</translation>
    </message>
    <message>
        <source>the agreed date</source>
        <translation>y dyddiad a gytunwyd</translation>
    </message>
    <message>
        <source>which child</source>
        <translation>pa blentyn</translation>
    </message>
    <message>
        <source>the behaviour</source>
        <translation>yr ymddygiad</translation>
    </message>
    <message>
        <source>the situation</source>
        <translation>y sefyllfa</translation>
    </message>
    <message>
        <source>what could happen</source>
        <translation>beth allai ddigwydd</translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation>dyddiad anhysbys</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>amser anhysbys</translation>
    </message>
    <message>
        <source>{day} at {time}</source>
        <translation>{day} am {time}</translation>
    </message>
    <message>
        <source>The child&apos;s houses</source>
        <translation>Tai&apos;r plentyn</translation>
    </message>
    <message>
        <source>The map</source>
        <translation>Y map</translation>
    </message>
    <message>
        <source>What has happened since the family&apos;s record was started on {day} (there is no earlier sign-off)</source>
        <translation>Beth sydd wedi digwydd ers dechrau cofnod y teulu ar {day} (does dim cymeradwyaeth gynharach)</translation>
    </message>
    <message>
        <source>What has changed since {day}, when {name} ({role}) last signed off</source>
        <translation>Beth sydd wedi newid ers {day}, pan gymeradwyodd {name} ({role}) ddiwethaf</translation>
    </message>
    <message>
        <source>What has changed since {day}, when {name} last signed off</source>
        <translation>Beth sydd wedi newid ers {day}, pan gymeradwyodd {name} ddiwethaf</translation>
    </message>
    <message>
        <source>(no words yet)</source>
        <translation>(dim geiriau eto)</translation>
    </message>
    <message>
        <source>{where}: no longer marked resolved: {text}</source>
        <translation>{where}: ddim wedi&apos;i nodi fel wedi&apos;i ddatrys mwyach: {text}</translation>
    </message>
    <message>
        <source>{where}: was “{before}”, now “{after}”</source>
        <translation>{where}: roedd yn “{before}”, nawr “{after}”</translation>
    </message>
    <message>
        <source>{where}: {text} (changed: {what})</source>
        <translation>{where}: {text} (newidiwyd: {what})</translation>
    </message>
    <message numerus="yes">
        <source>%n other record(s)</source>
        <translation>
            <numerusform>%n cofnod arall</numerusform>
            <numerusform>%n cofnod arall</numerusform>
            <numerusform>%n o gofnodion eraill</numerusform>
            <numerusform>%n o gofnodion eraill</numerusform>
            <numerusform>%n o gofnodion eraill</numerusform>
        </translation>
    </message>
    <message>
        <source>Added</source>
        <extracomment>the English (source) headings, translated where shown</extracomment>
        <translation>Ychwanegwyd</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Newidiwyd</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Datryswyd</translation>
    </message>
    <message>
        <source>Taken off the map</source>
        <translation>Tynnwyd oddi ar y map</translation>
    </message>
    <message>
        <source>How the numbers moved</source>
        <translation>Sut symudodd y rhifau</translation>
    </message>
    <message>
        <source>No new number since</source>
        <translation>Dim rhif newydd ers hynny</translation>
    </message>
    <message>
        <source>Also changed</source>
        <translation>Newidiwyd hefyd</translation>
    </message>
    <message>
        <source>Nothing on the map and no numbers have changed in this time.</source>
        <translation>Does dim byd ar y map a dim rhifau wedi newid yn yr amser hwn.</translation>
    </message>
    <message>
        <source>Signed off by {name}, {role} on {when}.</source>
        <translation>Cymeradwywyd gan {name}, {role}, ar {when}.</translation>
    </message>
    <message>
        <source>Signed off by {name} on {when}.</source>
        <translation>Cymeradwywyd gan {name} ar {when}.</translation>
    </message>
    <message>
        <source>This record cannot be changed.</source>
        <translation>Does dim modd newid y cofnod hwn.</translation>
    </message>
    <message>
        <source>Not signed off yet.</source>
        <translation>Heb ei gymeradwyo eto.</translation>
    </message>
    <message>
        <source>Group supervision (names shown as initials)</source>
        <translation>Goruchwyliaeth grŵp (enwau wedi&apos;u dangos fel llythrennau cyntaf)</translation>
    </message>
    <message>
        <source>{score} out of 10</source>
        <translation>{score} allan o 10</translation>
    </message>
    <message>
        <source>Group summary</source>
        <translation>Crynodeb y grŵp</translation>
    </message>
    <message>
        <source>Supervisor&apos;s number</source>
        <translation>Rhif y goruchwyliwr</translation>
    </message>
    <message>
        <source>Why that number</source>
        <translation>Pam y rhif hwnnw</translation>
    </message>
    <message>
        <source>Reflections</source>
        <translation>Myfyrdodau</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Penderfyniad</translation>
    </message>
    <message>
        <source>Why (the reasons at the time)</source>
        <translation>Pam (y rhesymau ar y pryd)</translation>
    </message>
    <message>
        <source>(nothing written)</source>
        <translation>(dim wedi&apos;i ysgrifennu)</translation>
    </message>
</context>
<context>
    <name>supervision.sign_off</name>
    <message>
        <source>Sign off this supervision record</source>
        <translation>Cymeradwyo&apos;r cofnod goruchwyliaeth hwn</translation>
    </message>
    <message>
        <source>Signing off records your name, your role and the time. After that the record cannot be changed: it keeps what was known and decided today. The sign-off is written into the audit log.</source>
        <translation>Mae cymeradwyo yn cofnodi eich enw, eich rôl a&apos;r amser. Ar ôl hynny does dim modd newid y cofnod: mae&apos;n cadw beth oedd yn hysbys a beth a benderfynwyd heddiw. Mae&apos;r gymeradwyaeth yn cael ei hysgrifennu yn y log archwilio.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Eich enw</translation>
    </message>
    <message>
        <source>Practice leader, team manager…</source>
        <translation>Arweinydd ymarfer, rheolwr tîm…</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Eich rôl</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>Beth sydd ar goll</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>Cymeradwyo</translation>
    </message>
    <message>
        <source>Sign off now</source>
        <translation>Cymeradwyo nawr</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Ddim eto</translation>
    </message>
    <message>
        <source>Not yet: go back without signing off</source>
        <translation>Ddim eto: mynd yn ôl heb gymeradwyo</translation>
    </message>
    <message>
        <source>To sign off, write your name and your role.</source>
        <translation>I gymeradwyo, ysgrifennwch eich enw a&apos;ch rôl.</translation>
    </message>
    <message>
        <source>To sign off, write your name.</source>
        <translation>I gymeradwyo, ysgrifennwch eich enw.</translation>
    </message>
    <message>
        <source>To sign off, write your role.</source>
        <translation>I gymeradwyo, ysgrifennwch eich rôl.</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <source>Something went wrong and that could not be finished. Nothing saved has been lost.</source>
        <translation>Aeth rhywbeth o&apos;i le a doedd dim modd gorffen hynny. Does dim byd sydd wedi&apos;i gadw wedi&apos;i golli.</translation>
    </message>
    <message>
        <source>Safety Map is not allowed to write there. Choose another folder.</source>
        <translation>Dydy Safety Map ddim yn cael ysgrifennu yno. Dewiswch ffolder arall.</translation>
    </message>
    <message>
        <source>That file could not be read or written. Check the folder and try again.</source>
        <translation>Doedd dim modd darllen nac ysgrifennu&apos;r ffeil honno. Gwiriwch y ffolder a rhowch gynnig arall arni.</translation>
    </message>
</context>
<context>
    <name>team</name>
    <message>
        <source>Can&apos;t reach the team server; your work is safe on this laptop</source>
        <extracomment>the quiet sync while unlocked and joined how soon after typing the status line counts what waits to be sent</extracomment>
        <translation>Methu cyrraedd gweinydd y tîm; mae eich gwaith yn ddiogel ar y gliniadur hwn</translation>
    </message>
    <message>
        <source>at a time not recorded</source>
        <translation>ar amser heb ei gofnodi</translation>
    </message>
    <message>
        <source>today at {time}</source>
        <translation>heddiw am {time}</translation>
    </message>
    <message>
        <source>yesterday at {time}</source>
        <translation>ddoe am {time}</translation>
    </message>
    <message>
        <source>today</source>
        <translation>heddiw</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>ddoe</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting (offline)</source>
        <translation>
            <numerusform>%n newid yn aros (all-lein)</numerusform>
            <numerusform>%n newid yn aros (all-lein)</numerusform>
            <numerusform>%n newid yn aros (all-lein)</numerusform>
            <numerusform>%n newid yn aros (all-lein)</numerusform>
            <numerusform>%n newid yn aros (all-lein)</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync needs your team password: File ▸ Team ▸ Sync now</source>
        <translation>Mae angen cyfrinair eich tîm i gysoni: Ffeil ▸ Tîm ▸ Cysoni nawr</translation>
    </message>
    <message>
        <source>The team server did not accept this login; your work is safe on this laptop</source>
        <translation>Wnaeth gweinydd y tîm ddim derbyn y mewngofnod hwn; mae eich gwaith yn ddiogel ar y gliniadur hwn</translation>
    </message>
    <message>
        <source>Not synced with the team yet</source>
        <translation>Heb gysoni gyda&apos;r tîm eto</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>Cysonwyd {time}</translation>
    </message>
    <message>
        <source>Synced {date} {time}</source>
        <translation>Cysonwyd {date} {time}</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n newid yn aros</numerusform>
            <numerusform>%n newid yn aros</numerusform>
            <numerusform>%n newid yn aros</numerusform>
            <numerusform>%n newid yn aros</numerusform>
            <numerusform>%n newid yn aros</numerusform>
        </translation>
    </message>
    <message>
        <source>Team password</source>
        <translation>Cyfrinair y tîm</translation>
    </message>
    <message>
        <source>Type your team password</source>
        <translation>Teipiwch gyfrinair eich tîm</translation>
    </message>
    <message>
        <source>Your team password</source>
        <translation>Cyfrinair eich tîm</translation>
    </message>
    <message>
        <source>The team server needs your password to sync. Safety Map keeps it only until this laptop locks, and never writes it down.</source>
        <translation>Mae angen eich cyfrinair ar weinydd y tîm i gysoni. Mae Safety Map yn ei gofio dim ond nes i&apos;r gliniadur hwn gloi, ac nid yw byth yn ei ysgrifennu i lawr.</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Dim nawr</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Cysoni</translation>
    </message>
    <message>
        <source>Sync with this password</source>
        <translation>Cysoni gyda&apos;r cyfrinair hwn</translation>
    </message>
    <message>
        <source>Join a team</source>
        <translation>Ymuno â thîm</translation>
    </message>
    <message>
        <source>Join your team</source>
        <translation>Ymuno â&apos;ch tîm</translation>
    </message>
    <message>
        <source>Your team&apos;s admin gives you these details. Once joined, the families allocated to you come to this laptop, and what you record here goes to the team each time Safety Map syncs. Without a network you carry on as usual: nothing is lost.</source>
        <translation>Mae gweinyddwr eich tîm yn rhoi&apos;r manylion hyn i chi. Ar ôl ymuno, bydd y teuluoedd sydd wedi&apos;u dyrannu i chi yn dod i&apos;r gliniadur hwn, a bydd yr hyn rydych chi&apos;n ei gofnodi yma yn mynd i&apos;r tîm bob tro bydd Safety Map yn cysoni. Heb rwydwaith, rydych chi&apos;n parhau fel arfer: does dim byd yn cael ei golli.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Cyfeiriad y gweinydd</translation>
    </message>
    <message>
        <source>for example team.example.org or team.example.org:5432</source>
        <translation>er enghraifft team.example.org neu team.example.org:5432</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Cronfa ddata</translation>
    </message>
    <message>
        <source>for example safetymap</source>
        <translation>er enghraifft safetymap</translation>
    </message>
    <message>
        <source>Your login</source>
        <translation>Eich mewngofnod</translation>
    </message>
    <message>
        <source>the login your admin gave you</source>
        <translation>y mewngofnod a gawsoch gan eich gweinyddwr</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Cyfrinair</translation>
    </message>
    <message>
        <source>Advanced settings (optional)</source>
        <translation>Gosodiadau uwch (dewisol)</translation>
    </message>
    <message>
        <source>only if your admin asks, e.g. sslmode=verify-full</source>
        <translation>dim ond os bydd eich gweinyddwr yn gofyn, e.e. sslmode=verify-full</translation>
    </message>
    <message>
        <source>Advanced (optional)</source>
        <translation>Uwch (dewisol)</translation>
    </message>
    <message>
        <source>The password is never saved. Safety Map keeps it only until this laptop locks.</source>
        <translation>Dydy&apos;r cyfrinair byth yn cael ei gadw. Mae Safety Map yn ei gofio dim ond nes i&apos;r gliniadur hwn gloi.</translation>
    </message>
    <message>
        <source>Joining the team</source>
        <translation>Yn ymuno â&apos;r tîm</translation>
    </message>
    <message>
        <source>Join status</source>
        <translation>Statws ymuno</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Join the team</source>
        <translation>Ymuno â&apos;r tîm</translation>
    </message>
    <message>
        <source>Joining the team… this can take a minute the first time.</source>
        <translation>Yn ymuno â&apos;r tîm… gall hyn gymryd munud y tro cyntaf.</translation>
    </message>
    <message>
        <source>You have joined the team ({team}) as {name}.</source>
        <translation>Rydych chi wedi ymuno â&apos;r tîm ({team}) fel {name}.</translation>
    </message>
    <message>
        <source>You have joined the team ({team}).</source>
        <translation>Rydych chi wedi ymuno â&apos;r tîm ({team}).</translation>
    </message>
    <message>
        <source>You have joined the team as {name}.</source>
        <translation>Rydych chi wedi ymuno â&apos;r tîm fel {name}.</translation>
    </message>
    <message>
        <source>You have joined the team.</source>
        <translation>Rydych chi wedi ymuno â&apos;r tîm.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>Combine the two versions</source>
        <translation>Cyfuno&apos;r ddwy fersiwn</translation>
    </message>
    <message>
        <source>Both versions are below, the other one first. Change the text until it says what you both meant, then keep it.</source>
        <translation>Mae&apos;r ddwy fersiwn isod, yr un arall yn gyntaf. Newidiwch y testun nes ei fod yn dweud beth roeddech chi&apos;ch dau yn ei feddwl, yna cadwch e.</translation>
    </message>
    <message>
        <source>The combined text</source>
        <translation>Y testun wedi&apos;i gyfuno</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Keep this text</source>
        <translation>Cadw&apos;r testun hwn</translation>
    </message>
    <message>
        <source>What this is about</source>
        <translation>Am beth mae hyn</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Beth ddigwyddodd</translation>
    </message>
    <message>
        <source>Changed by {name}, {when}.</source>
        <translation>Newidiwyd gan {name}, {when}.</translation>
    </message>
    <message>
        <source>Show it</source>
        <translation>Dangos</translation>
    </message>
    <message>
        <source>Keep it hidden</source>
        <translation>Cadw&apos;n gudd</translation>
    </message>
    <message>
        <source>This was changed on this laptop and by someone else before either of you saw the other&apos;s change. Choose which one to keep.</source>
        <translation>Cafodd hwn ei newid ar y gliniadur hwn a chan rywun arall cyn i&apos;r naill na&apos;r llall ohonoch chi weld newid y llall. Dewiswch pa un i&apos;w gadw.</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Eich un chi</translation>
    </message>
    <message>
        <source>The other version</source>
        <translation>Y fersiwn arall</translation>
    </message>
    <message>
        <source>{head}: the text</source>
        <translation>{head}: y testun</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Cadw fy un i</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Cadw eu hun nhw</translation>
    </message>
    <message>
        <source>Combine…</source>
        <translation>Cyfuno…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Gwrthdaro</translation>
    </message>
    <message>
        <source>Conflicts that need a decision</source>
        <translation>Gwrthdaro sydd angen penderfyniad</translation>
    </message>
    <message>
        <source>Changes that need a decision</source>
        <translation>Newidiadau sydd angen penderfyniad</translation>
    </message>
    <message>
        <source>Two people changed the same thing while apart. Nothing has been lost: both versions are kept until you choose.</source>
        <translation>Newidiodd dau berson yr un peth tra oedden nhw ar wahân. Does dim wedi&apos;i golli: mae&apos;r ddwy fersiwn yn cael eu cadw nes i chi ddewis.</translation>
    </message>
    <message>
        <source>The conflicts</source>
        <translation>Y gwrthdaro</translation>
    </message>
    <message>
        <source>Conflict status</source>
        <translation>Statws y gwrthdaro</translation>
    </message>
    <message>
        <source>Nothing needs a decision now.</source>
        <translation>Does dim byd angen penderfyniad nawr.</translation>
    </message>
    <message>
        <source>No conflicts</source>
        <translation>Dim gwrthdaro</translation>
    </message>
    <message>
        <source>Saving your choice…</source>
        <translation>Yn cadw eich dewis…</translation>
    </message>
    <message>
        <source>Held by {names}</source>
        <translation>Gyda {names}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> a </translation>
    </message>
    <message>
        <source>Not allocated to a worker</source>
        <translation>Heb ei ddyrannu i weithiwr</translation>
    </message>
    <message>
        <source>{name}: last seen {day}</source>
        <translation>{name}: gwelwyd ddiwethaf {day}</translation>
    </message>
    <message>
        <source>{name}: no visit recorded as seen yet</source>
        <translation>{name}: dim cofnod eto bod y plentyn wedi&apos;i weld mewn ymweliad</translation>
    </message>
    <message>
        <source>Team&apos;s families</source>
        <translation>Teuluoedd y tîm</translation>
    </message>
    <message>
        <source>The team&apos;s families</source>
        <translation>Teuluoedd y tîm</translation>
    </message>
    <message>
        <source>Who holds each family, and when each child was last recorded as seen at a visit. This is from the last sync. Open a family to go through it together.</source>
        <translation>Pwy sydd â phob teulu, a phryd cafodd pob plentyn ei gofnodi ddiwethaf fel wedi&apos;i weld mewn ymweliad. Daw hyn o&apos;r cysoni diwethaf. Agorwch deulu i fynd drwyddo gyda&apos;ch gilydd.</translation>
    </message>
    <message>
        <source>No families have come from the team yet.</source>
        <translation>Does dim teuluoedd wedi dod o&apos;r tîm eto.</translation>
    </message>
    <message>
        <source>Open this family</source>
        <translation>Agor y teulu hwn</translation>
    </message>
    <message>
        <source>Join a team…</source>
        <translation>Ymuno â thîm…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Cysoni nawr</translation>
    </message>
    <message>
        <source>Conflicts…</source>
        <translation>Gwrthdaro…</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Tîm</translation>
    </message>
    <message>
        <source>Team sync</source>
        <translation>Cysoni&apos;r tîm</translation>
    </message>
    <message>
        <source>Join a team again…</source>
        <translation>Ymuno â thîm eto…</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) need a decision</source>
        <translation>
            <numerusform>Mae angen penderfynu ar %n gwrthdaro</numerusform>
            <numerusform>Mae angen penderfynu ar %n gwrthdaro</numerusform>
            <numerusform>Mae angen penderfynu ar %n o wrthdrawiadau</numerusform>
            <numerusform>Mae angen penderfynu ar %n o wrthdrawiadau</numerusform>
            <numerusform>Mae angen penderfynu ar %n o wrthdrawiadau</numerusform>
        </translation>
    </message>
    <message>
        <source>{conflicts}: open them</source>
        <translation>{conflicts}: agorwch nhw</translation>
    </message>
    <message>
        <source>Not synced: the team server needs your password. Your work is safe on this laptop.</source>
        <translation>Heb gysoni: mae angen eich cyfrinair ar weinydd y tîm. Mae eich gwaith yn ddiogel ar y gliniadur hwn.</translation>
    </message>
    <message>
        <source>Syncing with the team…</source>
        <translation>Yn cysoni gyda&apos;r tîm…</translation>
    </message>
</context>
<context>
    <name>undo</name>
    <message>
        <source>change</source>
        <extracomment>pushed only to say that the step on top changed nothing after all what an undo step is called after a lock: the step&apos;s own words may name someone</extracomment>
        <translation>newid</translation>
    </message>
</context>
<context>
    <name>unlock</name>
    <message>
        <source>Very easy to guess</source>
        <translation>Hawdd iawn ei ddyfalu</translation>
    </message>
    <message>
        <source>Easy to guess</source>
        <translation>Hawdd ei ddyfalu</translation>
    </message>
    <message>
        <source>Could be guessed</source>
        <translation>Gallai gael ei ddyfalu</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Cryf</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>Cryf iawn</translation>
    </message>
    <message>
        <source>How hard it is to guess</source>
        <translation>Pa mor anodd yw ei ddyfalu</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Cryfder y cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Passphrase strength advice</source>
        <translation>Cyngor ar gryfder y cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Strength shows here as you type.</source>
        <translation>Mae&apos;r cryfder yn dangos yma wrth i chi deipio.</translation>
    </message>
    <message>
        <source>{strength}. {advice}</source>
        <translation>{strength}. {advice}</translation>
    </message>
    <message>
        <source>{sentence} The two passphrases are not the same yet.</source>
        <translation>{sentence} Dydy&apos;r ddau gyfrinymadrodd ddim yr un fath eto.</translation>
    </message>
    <message>
        <source>Unlock Safety Map</source>
        <translation>Datgloi Safety Map</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Cyfrinymadrodd</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>Teipiwch ef eto</translation>
    </message>
    <message>
        <source>Type the passphrase again</source>
        <translation>Teipiwch y cyfrinymadrodd eto</translation>
    </message>
    <message>
        <source>Show what I type</source>
        <translation>Dangos beth rwy&apos;n ei deipio</translation>
    </message>
    <message>
        <source>Opening the store, please wait</source>
        <translation>Yn agor y storfa, arhoswch</translation>
    </message>
    <message>
        <source>Opening… this takes a moment.</source>
        <translation>Yn agor… mae hyn yn cymryd eiliad.</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Welcome to Safety Map</source>
        <translation>Croeso i Safety Map</translation>
    </message>
    <message>
        <source>Everything you record is kept in one encrypted file on this laptop. Choose a passphrase to lock it: a short sentence of four or more ordinary words is easy to remember and hard to guess. If it is forgotten, nobody can open the file.</source>
        <translation>Mae popeth rydych chi&apos;n ei gofnodi yn cael ei gadw mewn un ffeil wedi&apos;i hamgryptio ar y gliniadur hwn. Dewiswch gyfrinymadrodd i&apos;w chloi: mae brawddeg fer o bedwar gair cyffredin neu fwy yn hawdd ei chofio ac yn anodd ei dyfalu. Os caiff ei anghofio, does neb yn gallu agor y ffeil.</translation>
    </message>
    <message>
        <source>Create my store</source>
        <translation>Creu fy storfa</translation>
    </message>
    <message>
        <source>Safety Map is locked</source>
        <translation>Mae Safety Map wedi&apos;i gloi</translation>
    </message>
    <message>
        <source>Nothing is on screen while it is locked, and everything you typed has been saved. Type your passphrase to carry on where you were.</source>
        <translation>Does dim byd ar y sgrin tra bo wedi&apos;i gloi, ac mae popeth rydych chi wedi&apos;i deipio wedi&apos;i gadw. Teipiwch eich cyfrinymadrodd i barhau lle roeddech chi.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Datgloi</translation>
    </message>
    <message>
        <source>Type your passphrase to open your families.</source>
        <translation>Teipiwch eich cyfrinymadrodd i agor eich teuluoedd.</translation>
    </message>
    <message>
        <source>Locking… finishing what was running.</source>
        <translation>Yn cloi… yn gorffen beth oedd yn rhedeg.</translation>
    </message>
    <message>
        <source>Creating your store… this takes a moment.</source>
        <translation>Yn creu eich storfa… mae hyn yn cymryd eiliad.</translation>
    </message>
    <message>
        <source>{problem} Please try again.</source>
        <translation>{problem} Rhowch gynnig arall arni.</translation>
    </message>
</context>
<context>
    <name>widgets.chart</name>
    <message>
        <source>Jan</source>
        <extracomment>the axis&apos;s months (translated where they are drawn)</extracomment>
        <translation>Ion</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>Chwef</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>Maw</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>Ebr</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>Meh</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>Gorff</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>Awst</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>Medi</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>Hyd</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>Tach</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>Rhag</translation>
    </message>
    <message>
        <source>Everyone&apos;s numbers over time</source>
        <translation>Rhifau pawb dros amser</translation>
    </message>
    <message>
        <source>No numbers recorded yet.</source>
        <translation>Does dim rhifau wedi&apos;u cofnodi eto.</translation>
    </message>
    <message>
        <source>{number} on {date}</source>
        <translation>{number} ar {date}</translation>
    </message>
    <message>
        <source>No numbers yet. They will show here as people give them.</source>
        <translation>Dim rhifau eto. Byddan nhw&apos;n ymddangos yma wrth i bobl eu rhoi.</translation>
    </message>
</context>
<context>
    <name>widgets.common</name>
    <message>
        <source>Worker</source>
        <extracomment>worker-facing wording kept in one place so it stays calm and plain. Also a stored value (the &quot;whose view&quot; label of the worker&apos;s own view, kept in English): compare and store it as it is, and show it through `worker_label`</extracomment>
        <translation>Gweithiwr</translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation>Golygu testun</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Tudalen</translation>
    </message>
    <message>
        <source>{name}: scroll</source>
        <translation>{name}: sgrolio</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Choose where to save it…</source>
        <translation>Dewiswch ble i&apos;w gadw…</translation>
    </message>
</context>
<context>
    <name>widgets.entry_list</name>
    <message>
        <source>Write it in everyday words.</source>
        <extracomment>parts of the map that are never &quot;resolved&quot;: a strength, or safety someone showed, stays so the words&apos; box hint when a page gives none of its own</extracomment>
        <translation>Ysgrifennwch hyn mewn geiriau bob dydd.</translation>
    </message>
    <message>
        <source>{part} entry</source>
        <translation>Cofnod: {part}</translation>
    </message>
    <message>
        <source>{part}: what is written</source>
        <translation>{part}: beth sydd wedi&apos;i ysgrifennu</translation>
    </message>
    <message>
        <source>Edit {part}</source>
        <translation>Golygu {part}</translation>
    </message>
    <message>
        <source>Whose view:</source>
        <translation>Barn pwy:</translation>
    </message>
    <message>
        <source>{part}: whose view is this?</source>
        <translation>{part}: barn pwy yw hon?</translation>
    </message>
    <message>
        <source>Who agrees?</source>
        <translation>Pwy sy&apos;n cytuno?</translation>
    </message>
    <message>
        <source>{part}: show who agrees and who doesn&apos;t</source>
        <translation>{part}: dangos pwy sy&apos;n cytuno a phwy sydd ddim</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>Nodi wedi&apos;i ddatrys</translation>
    </message>
    <message>
        <source>{part}: mark resolved</source>
        <translation>{part}: nodi wedi&apos;i ddatrys</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Dileu</translation>
    </message>
    <message>
        <source>{part}: delete this entry</source>
        <translation>{part}: dileu&apos;r cofnod hwn</translation>
    </message>
    <message>
        <source>Nobody has said whether they agree yet</source>
        <translation>Does neb wedi dweud eto a ydyn nhw&apos;n cytuno</translation>
    </message>
    <message>
        <source>Resolved {date}</source>
        <translation>Wedi&apos;i ddatrys {date}</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Wedi&apos;i ddatrys</translation>
    </message>
    <message>
        <source>Add {name} and make it their view</source>
        <translation>Ychwanegu {name} a nodi mai eu barn nhw yw hi</translation>
    </message>
    <message>
        <source>Change whose view</source>
        <translation>Newid barn pwy</translation>
    </message>
    <message>
        <source>Record who agrees</source>
        <translation>Cofnodi pwy sy&apos;n cytuno</translation>
    </message>
    <message>
        <source>Remove who agrees</source>
        <translation>Tynnu pwy sy&apos;n cytuno</translation>
    </message>
    <message>
        <source>Edit what they said</source>
        <translation>Golygu beth ddywedon nhw</translation>
    </message>
    <message>
        <source>Mark not resolved</source>
        <translation>Nodi heb ei ddatrys</translation>
    </message>
    <message>
        <source>You could ask: {questions}</source>
        <translation>Gallech chi ofyn: {questions}</translation>
    </message>
    <message>
        <source>Nothing here yet. That&apos;s fine: add something when it comes up.</source>
        <translation>Does dim byd yma eto. Mae hynny&apos;n iawn: ychwanegwch rywbeth pan fydd yn codi.</translation>
    </message>
    <message>
        <source>+ Add to {part}</source>
        <translation>+ Ychwanegu at {part}</translation>
    </message>
    <message>
        <source>Add to {part}</source>
        <translation>Ychwanegu at {part}</translation>
    </message>
    <message>
        <source>Add to {part} (Ctrl+Enter from anywhere in {part})</source>
        <translation>Ychwanegu at {part} (Ctrl+Enter o unrhyw le o fewn {part})</translation>
    </message>
    <message>
        <source>Adds a new entry and puts the cursor in it. Shortcut: Control+Enter while anywhere in {part}.</source>
        <translation>Yn ychwanegu cofnod newydd ac yn rhoi&apos;r cyrchwr ynddo. Llwybr byr: Control+Enter tra byddwch chi unrhyw le o fewn {part}.</translation>
    </message>
    <message>
        <source>Delete from {part}</source>
        <translation>Dileu o {part}</translation>
    </message>
</context>
<context>
    <name>widgets.language</name>
    <message>
        <source>Not asked yet</source>
        <extracomment>domain.language.NAMES (its English), marked here for the screens; a name that no longer matches the domain&apos;s is shown as the domain has it</extracomment>
        <translation>Heb ofyn eto</translation>
    </message>
    <message>
        <source>Cymraeg (Welsh)</source>
        <translation>Cymraeg</translation>
    </message>
    <message>
        <source>English (Saesneg)</source>
        <translation>Saesneg (English)</translation>
    </message>
    <message>
        <source>Another language</source>
        <translation>Iaith arall</translation>
    </message>
    <message>
        <source>{whose}: preferred language</source>
        <translation>{whose}: iaith ddewisol</translation>
    </message>
    <message>
        <source>{whose}: which language, or an interpreter</source>
        <translation>{whose}: pa iaith, neu gyfieithydd ar y pryd</translation>
    </message>
    <message>
        <source>Which language they prefer, and whether they need an interpreter</source>
        <translation>Pa iaith sy&apos;n well ganddyn nhw, ac a oes angen cyfieithydd ar y pryd arnyn nhw</translation>
    </message>
    <message>
        <source>Which? Interpreter?</source>
        <translation>Pa iaith? Cyfieithydd?</translation>
    </message>
</context>
<context>
    <name>widgets.person_picker</name>
    <message>
        <source>(no name yet)</source>
        <translation>(dim enw eto)</translation>
    </message>
    <message>
        <source>Type part of a name, or a relationship such as Dad, and press Enter to pick the person listed first. Down or the button beside lists everyone.</source>
        <translation>Teipiwch ran o enw, neu berthynas fel Dad, a phwyswch Enter i ddewis y person cyntaf yn y rhestr. Mae&apos;r saeth i lawr neu&apos;r botwm wrth ei ymyl yn rhestru pawb.</translation>
    </message>
    <message>
        <source>Type part of a name…</source>
        <translation>Teipiwch ran o enw…</translation>
    </message>
    <message>
        <source>{name}: list everyone</source>
        <translation>{name}: rhestru pawb</translation>
    </message>
    <message>
        <source>(someone no longer listed)</source>
        <translation>(rhywun sydd ddim yn y rhestr bellach)</translation>
    </message>
</context>
<context>
    <name>widgets.prompt_banner</name>
    <message>
        <source>Not now</source>
        <translation>Dim nawr</translation>
    </message>
</context>
<context>
    <name>widgets.scale</name>
    <message>
        <source>Scale from 0 to 10</source>
        <extracomment>the chosen number when the scale is switched off: still clearly chosen, but quiet</extracomment>
        <translation>Graddfa o 0 i 10</translation>
    </message>
    <message>
        <source>No number chosen yet. Use the arrow keys or a digit to choose one.</source>
        <translation>Does dim rhif wedi&apos;i ddewis eto. Defnyddiwch y bysellau saeth neu ddigid i ddewis un.</translation>
    </message>
    <message>
        <source>{number} out of 10</source>
        <translation>{number} allan o 10</translation>
    </message>
</context>
<context>
    <name>widgets.stances</name>
    <message>
        <source>{who} agrees</source>
        <extracomment>what the entry says of each stance, with whose it is ({who}: a name, &quot;Worker&quot;, &quot;School&quot;)</extracomment>
        <translation>Mae {who} yn cytuno</translation>
    </message>
    <message>
        <source>{who} doesn&apos;t agree</source>
        <translation>Dydy {who} ddim yn cytuno</translation>
    </message>
    <message>
        <source>{who} isn&apos;t sure</source>
        <translation>Dydy {who} ddim yn siŵr</translation>
    </message>
    <message>
        <source>Agrees</source>
        <translation>Yn cytuno</translation>
    </message>
    <message>
        <source>Doesn&apos;t agree</source>
        <translation>Ddim yn cytuno</translation>
    </message>
    <message>
        <source>Not sure</source>
        <translation>Ddim yn siŵr</translation>
    </message>
    <message>
        <source>Who agrees with this</source>
        <translation>Pwy sy&apos;n cytuno â hyn</translation>
    </message>
    <message>
        <source>Someone else:</source>
        <translation>Rhywun arall:</translation>
    </message>
    <message>
        <source>Someone else&apos;s view: type who, then press Enter</source>
        <translation>Barn rhywun arall: teipiwch pwy, yna pwyswch Enter</translation>
    </message>
    <message>
        <source>e.g. School, Health visitor</source>
        <translation>e.e. Ysgol, Ymwelydd iechyd</translation>
    </message>
    <message>
        <source>{name}: what they said, in their words</source>
        <translation>{name}: beth ddywedon nhw, yn eu geiriau eu hunain</translation>
    </message>
    <message>
        <source>What they said (optional)</source>
        <translation>Beth ddywedon nhw (dewisol)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Tynnu</translation>
    </message>
    <message>
        <source>{name}: remove what was recorded</source>
        <translation>{name}: tynnu&apos;r hyn a gofnodwyd</translation>
    </message>
</context>
<context>
    <name>widgets.whose_view</name>
    <message>
        <source>Add ‘{name}’ as a new person…</source>
        <extracomment>wording of the two offers shown while a new name is typed</extracomment>
        <translation>Ychwanegu ‘{name}’ fel person newydd…</translation>
    </message>
    <message>
        <source>Use ‘{name}’ as written (not added as a person)</source>
        <translation>Defnyddio ‘{name}’ fel y mae (heb ei ychwanegu fel person)</translation>
    </message>
    <message>
        <source>Whose view is this?</source>
        <translation>Barn pwy yw hon?</translation>
    </message>
    <message>
        <source>Choose a person or Worker. To add someone new, type their name and choose &apos;Add as a new person&apos;. Press Enter to keep what you typed as written.</source>
        <translation>Dewiswch berson neu &apos;Gweithiwr&apos;. I ychwanegu rhywun newydd, teipiwch eu henw a dewiswch &apos;Ychwanegu fel person newydd&apos;. Pwyswch Enter i gadw&apos;r hyn a deipiwyd fel y mae.</translation>
    </message>
    <message>
        <source>Whose view?</source>
        <translation>Barn pwy?</translation>
    </message>
</context>
<context>
    <name>workspace.assessment</name>
    <message>
        <source>What we have learned (analysis)</source>
        <extracomment>(field, its heading, its box&apos;s hint): translated where they are shown</extracomment>
        <translation>Beth rydyn ni wedi&apos;i ddysgu (dadansoddiad)</translation>
    </message>
    <message>
        <source>What do we understand now about what is happening for the children, and why?</source>
        <translation>Beth rydyn ni&apos;n ei ddeall nawr am beth sy&apos;n digwydd i&apos;r plant, a pham?</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Penderfyniad</translation>
    </message>
    <message>
        <source>What has been decided?</source>
        <translation>Beth sydd wedi cael ei benderfynu?</translation>
    </message>
    <message>
        <source>Why (the reasons at the time)</source>
        <translation>Pam (y rhesymau ar y pryd)</translation>
    </message>
    <message>
        <source>The reasons, as they are understood today.</source>
        <translation>Y rhesymau, fel maen nhw&apos;n cael eu deall heddiw.</translation>
    </message>
    <message>
        <source>For the family: when to expect a decision</source>
        <translation>I&apos;r teulu: pryd i ddisgwyl penderfyniad</translation>
    </message>
    <message>
        <source>For example: “We will tell you what we have decided after we meet with your mum. If it takes longer, your social worker will phone you and say why.”</source>
        <translation>Er enghraifft: “Byddwn ni&apos;n dweud wrthoch chi beth rydyn ni wedi&apos;i benderfynu ar ôl i ni gwrdd â&apos;ch mam. Os bydd yn cymryd mwy o amser, bydd eich gweithiwr cymdeithasol yn eich ffonio chi ac yn dweud pam.”</translation>
    </message>
    <message>
        <source>Change analysis</source>
        <extracomment>the undo step of each of the assessment&apos;s boxes (translated where pushed)</extracomment>
        <translation>Newid y dadansoddiad</translation>
    </message>
    <message>
        <source>Change decision</source>
        <translation>Newid y penderfyniad</translation>
    </message>
    <message>
        <source>Change rationale</source>
        <translation>Newid y rhesymau</translation>
    </message>
    <message>
        <source>Change family note</source>
        <translation>Newid y nodyn i&apos;r teulu</translation>
    </message>
    <message>
        <source>Change what happened</source>
        <extracomment>the chronology form&apos;s text fields (ChronologyEvent columns)</extracomment>
        <translation>Newid beth ddigwyddodd</translation>
    </message>
    <message>
        <source>Change the note of what happened</source>
        <translation>Newid y nodyn am beth ddigwyddodd</translation>
    </message>
    <message>
        <source>Change who told us</source>
        <translation>Newid pwy ddywedodd wrthon ni</translation>
    </message>
    <message>
        <source>Change what it told us</source>
        <translation>Newid beth ddysgon ni ohono</translation>
    </message>
    <message>
        <source>in the form below</source>
        <extracomment>how much of a long note the chronology list shows (the whole note is in the form) steady typing in the form is saved at least this often (the autosaver waits for a pause) the detail box shows this many lines at least, and grows to at most MAX before it scrolls the assessment&apos;s boxes and the chronology form&apos;s: each the name of its command&apos;s argument the list row&apos;s data roles: the event&apos;s uid (what tests and the history name it by), its id (store file, family id) -&gt; (id of the event in the chronology form, started by the form). In memory only, and only numbers: it lets a page built after a lock put the event back. the mark on the list row of the event that is in the form</extracomment>
        <translation>yn y ffurflen isod</translation>
    </message>
    <message>
        <source>One assessment that grows visit by visit. It is finished when you understand enough to decide, and can say why.</source>
        <translation>Un asesiad sy&apos;n tyfu ymweliad wrth ymweliad. Mae&apos;n orffenedig pan fyddwch chi&apos;n deall digon i benderfynu, ac yn gallu dweud pam.</translation>
    </message>
    <message>
        <source>What has happened, and what it told us</source>
        <translation>Beth sydd wedi digwydd, a beth ddysgon ni ohono</translation>
    </message>
    <message>
        <source>Chronology: what happened and what we learned</source>
        <translation>Cronoleg: beth ddigwyddodd a beth ddysgon ni</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Pryd</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Beth ddigwyddodd</translation>
    </message>
    <message>
        <source>Who told us</source>
        <translation>Pwy ddywedodd</translation>
    </message>
    <message>
        <source>What it told us</source>
        <translation>Beth ddysgon ni ohono</translation>
    </message>
    <message>
        <source>Chronology columns</source>
        <translation>Colofnau&apos;r gronoleg</translation>
    </message>
    <message>
        <source>When it happened</source>
        <translation>Pryd y digwyddodd</translation>
    </message>
    <message>
        <source>What happened, in a few words</source>
        <translation>Beth ddigwyddodd, mewn ychydig eiriau</translation>
    </message>
    <message>
        <source>What it told us (if anything yet)</source>
        <translation>Beth ddysgon ni ohono (os unrhyw beth eto)</translation>
    </message>
    <message>
        <source>Write down what happened, in your own words. It can be as long as you need: the box scrolls, and it is saved as you type.</source>
        <translation>Ysgrifennwch beth ddigwyddodd, yn eich geiriau eich hun. Gall fod mor hir ag sydd ei angen: mae&apos;r blwch yn sgrolio, ac mae&apos;n cael ei gadw wrth i chi deipio.</translation>
    </message>
    <message>
        <source>Start another</source>
        <translation>Dechrau un arall</translation>
    </message>
    <message>
        <source>Start another event (this one is already saved)</source>
        <translation>Dechrau digwyddiad arall (mae hwn wedi&apos;i gadw&apos;n barod)</translation>
    </message>
    <message>
        <source>What you typed is already in the chronology. This clears the form for the next event.</source>
        <translation>Mae beth deipioch chi yn y gronoleg yn barod. Mae hyn yn clirio&apos;r ffurflen ar gyfer y digwyddiad nesaf.</translation>
    </message>
    <message>
        <source>Saved into the event as you change it.</source>
        <translation>Yn cael ei gadw yn y digwyddiad wrth i chi ei newid.</translation>
    </message>
    <message>
        <source>Saved into the chronology as you type.</source>
        <translation>Yn cael ei gadw yn y gronoleg wrth i chi deipio.</translation>
    </message>
    <message>
        <source>We understand enough to decide (the reasons are above)</source>
        <extracomment>the event the form was writing when an undo took it away: a redo that brings it back puts it back into the form (its id is the same)</extracomment>
        <translation>Rydyn ni&apos;n deall digon i benderfynu (mae&apos;r rhesymau uchod)</translation>
    </message>
    <message>
        <source>We understand enough to decide</source>
        <translation>Rydyn ni&apos;n deall digon i benderfynu</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Asesiad</translation>
    </message>
    <message>
        <source>Only the start is shown here. Double-click it (or press Enter) to read and change all of it in the form below.</source>
        <translation>Dim ond y dechrau sydd i&apos;w weld yma. Cliciwch ddwywaith arno (neu pwyswch Enter) i ddarllen a newid y cyfan yn y ffurflen isod.</translation>
    </message>
    <message>
        <source>Record the decision</source>
        <translation>Cofnodi&apos;r penderfyniad</translation>
    </message>
    <message>
        <source>Take back the decision</source>
        <translation>Tynnu&apos;r penderfyniad yn ôl</translation>
    </message>
    <message>
        <source>The chronology is shown as it was recorded.</source>
        <translation>Mae&apos;r gronoleg i&apos;w gweld fel y cafodd ei chofnodi.</translation>
    </message>
    <message>
        <source>Saved into the chronology as you type. Nothing else to press.</source>
        <translation>Yn cael ei gadw yn y gronoleg wrth i chi deipio. Does dim byd arall i&apos;w bwyso.</translation>
    </message>
    <message>
        <source>It is saved in the chronology as you type.</source>
        <translation>Mae&apos;n cael ei gadw yn y gronoleg wrth i chi deipio.</translation>
    </message>
    <message>
        <source>Change when it happened</source>
        <translation>Newid pryd y digwyddodd</translation>
    </message>
    <message>
        <source>Still being written in the form below: it is saved as you type.</source>
        <translation>Yn dal i gael ei ysgrifennu yn y ffurflen isod: mae&apos;n cael ei gadw wrth i chi deipio.</translation>
    </message>
    <message>
        <source>Take out the empty event</source>
        <translation>Tynnu&apos;r digwyddiad gwag</translation>
    </message>
    <message>
        <source>Add to the chronology</source>
        <translation>Ychwanegu at y gronoleg</translation>
    </message>
</context>
<context>
    <name>workspace.childs_voice</name>
    <message>
        <source>House of Worries</source>
        <translation>Tŷ&apos;r Pryderon</translation>
    </message>
    <message>
        <source>House of Good Things</source>
        <translation>Tŷ&apos;r Pethau Da</translation>
    </message>
    <message>
        <source>House of Dreams</source>
        <translation>Tŷ&apos;r Breuddwydion</translation>
    </message>
    <message>
        <source>For each visit, whether each child was seen, and whether they were seen on their own. Today&apos;s visit is saved as you tick.</source>
        <translation>Ar gyfer pob ymweliad: a gafodd pob plentyn ei weld, ac a gafodd ei weld ar wahân. Mae ymweliad heddiw yn cael ei gadw wrth i chi dicio.</translation>
    </message>
    <message>
        <source>For each visit, whether each child was seen, and whether they were seen on their own.</source>
        <extracomment>group supervision: the page is read-only, so nothing here talks about saving</extracomment>
        <translation>Ar gyfer pob ymweliad: a gafodd pob plentyn ei weld, ac a gafodd ei weld ar wahân.</translation>
    </message>
    <message>
        <source>{name}&apos;s {house}</source>
        <translation>{house}: {name}</translation>
    </message>
    <message>
        <source>+ Add</source>
        <translation>+ Ychwanegu</translation>
    </message>
    <message>
        <source>Add to {name}&apos;s {house}</source>
        <translation>{house}, {name}: ychwanegu</translation>
    </message>
    <message>
        <source>{name}&apos;s words, {house}</source>
        <translation>Geiriau {name}, {house}</translation>
    </message>
    <message>
        <source>In {name}&apos;s words</source>
        <translation>Yng ngeiriau {name}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Tynnu allan</translation>
    </message>
    <message>
        <source>Remove from {name}&apos;s {house}</source>
        <translation>{house}, {name}: tynnu allan</translation>
    </message>
    <message>
        <source>Edit {name}&apos;s words</source>
        <translation>Golygu geiriau {name}</translation>
    </message>
    <message>
        <source>Add to {house}</source>
        <translation>Ychwanegu: {house}</translation>
    </message>
    <message>
        <source>Remove from {house}</source>
        <translation>Tynnu allan: {house}</translation>
    </message>
    <message>
        <source>What the children say, in their own words. Their words stay theirs: write them as the child said them.</source>
        <extracomment>today&apos;s visit, once recorded (its id is kept by undo and redo: the store&apos;s)</extracomment>
        <translation>Beth mae&apos;r plant yn ei ddweud, yn eu geiriau eu hunain. Eu geiriau nhw ydyn nhw o hyd: ysgrifennwch nhw fel y dywedodd y plentyn nhw.</translation>
    </message>
    <message>
        <source>Words and Pictures</source>
        <translation>Geiriau a Lluniau</translation>
    </message>
    <message>
        <source>A short story for the children, in words they understand: what happened, what the worries are, and what the grown-ups are doing about it. Parents can help write it.</source>
        <translation>Stori fer i&apos;r plant, mewn geiriau maen nhw&apos;n eu deall: beth ddigwyddodd, beth yw&apos;r pryderon, a beth mae&apos;r oedolion yn ei wneud am y peth. Gall rhieni helpu i&apos;w hysgrifennu.</translation>
    </message>
    <message>
        <source>Words and Pictures story</source>
        <translation>Stori Geiriau a Lluniau</translation>
    </message>
    <message>
        <source>Once upon a time...</source>
        <translation>Un tro...</translation>
    </message>
    <message>
        <source>Visits: were the children seen?</source>
        <translation>Ymweliadau: a gafodd y plant eu gweld?</translation>
    </message>
    <message>
        <source>Today&apos;s visit</source>
        <translation>Ymweliad heddiw</translation>
    </message>
    <message>
        <source>Drawings and photos</source>
        <translation>Lluniau a ffotograffau</translation>
    </message>
    <message>
        <source>A photo of a child&apos;s drawing is kept only inside this locked file, never as a separate copy.</source>
        <translation>Dim ond y tu mewn i&apos;r ffeil hon, sydd wedi&apos;i chloi, y caiff ffotograff o lun plentyn ei gadw: byth fel copi ar wahân.</translation>
    </message>
    <message>
        <source>Whose drawing:</source>
        <translation>Llun pwy:</translation>
    </message>
    <message>
        <source>Whose drawing is it?</source>
        <translation>Llun pwy ydy hwn?</translation>
    </message>
    <message>
        <source>Add a photo of a drawing…</source>
        <translation>Ychwanegu ffotograff o lun…</translation>
    </message>
    <message>
        <source>Add a photo of a drawing</source>
        <translation>Ychwanegu ffotograff o lun</translation>
    </message>
    <message>
        <source>Drawing status</source>
        <translation>Statws y llun</translation>
    </message>
    <message>
        <source>No children are on the People page yet. Add them there to record their Three Houses.</source>
        <translation>Does dim plant ar y dudalen Pobl eto. Ychwanegwch nhw yno i gofnodi eu Tri Thŷ.</translation>
    </message>
    <message>
        <source>{name}&apos;s Three Houses{age}</source>
        <translation>Tri Thŷ {name}{age}</translation>
    </message>
    <message>
        <source>In {name}&apos;s own words.</source>
        <translation>Yng ngeiriau {name} ei hun.</translation>
    </message>
    <message>
        <source>Edit the Words and Pictures story</source>
        <translation>Golygu&apos;r stori Geiriau a Lluniau</translation>
    </message>
    <message>
        <source>No earlier visits recorded.</source>
        <translation>Does dim ymweliadau cynharach wedi&apos;u cofnodi.</translation>
    </message>
    <message>
        <source>No visits recorded yet.</source>
        <translation>Does dim ymweliadau wedi&apos;u cofnodi eto.</translation>
    </message>
    <message>
        <source>Today&apos;s visit, as it was recorded.</source>
        <translation>Ymweliad heddiw, fel y cafodd ei gofnodi.</translation>
    </message>
    <message>
        <source>No visit has been recorded today.</source>
        <translation>Does dim ymweliad wedi&apos;i gofnodi heddiw.</translation>
    </message>
    <message>
        <source>Where today&apos;s visit was.</source>
        <translation>Ble roedd ymweliad heddiw.</translation>
    </message>
    <message>
        <source>Saved as you tick and type. Nothing else to press.</source>
        <translation>Yn cael ei gadw wrth i chi dicio a theipio. Does dim byd arall i&apos;w bwyso.</translation>
    </message>
    <message>
        <source>Today&apos;s visit is saved as you tick.</source>
        <translation>Mae ymweliad heddiw yn cael ei gadw wrth i chi dicio.</translation>
    </message>
    <message>
        <source>Saved into today&apos;s visit as you type.</source>
        <translation>Yn cael ei gadw yn ymweliad heddiw wrth i chi deipio.</translation>
    </message>
    <message>
        <source>{name} seen</source>
        <translation>Wedi gweld {name}</translation>
    </message>
    <message>
        <source>{day}: {name} seen</source>
        <translation>{day}: wedi gweld {name}</translation>
    </message>
    <message>
        <source>on their own</source>
        <translation>ar wahân</translation>
    </message>
    <message>
        <source>{day}: {name} seen on their own</source>
        <translation>{day}: wedi gweld {name} ar wahân</translation>
    </message>
    <message>
        <source>{name} seen on their own</source>
        <translation>Wedi gweld {name} ar wahân</translation>
    </message>
    <message>
        <source>Today: {name} seen</source>
        <translation>Heddiw: wedi gweld {name}</translation>
    </message>
    <message>
        <source>Today: {name} seen on their own</source>
        <translation>Heddiw: wedi gweld {name} ar wahân</translation>
    </message>
    <message>
        <source>Where the visit was</source>
        <translation>Ble roedd yr ymweliad</translation>
    </message>
    <message>
        <source>Where? e.g. Home</source>
        <translation>Ble? e.e. Gartref</translation>
    </message>
    <message>
        <source>Where was it?</source>
        <translation>Ble roedd yr ymweliad?</translation>
    </message>
    <message>
        <source>Not one child</source>
        <translation>Dim un plentyn penodol</translation>
    </message>
    <message>
        <source>No drawings yet.</source>
        <translation>Dim lluniau eto.</translation>
    </message>
    <message>
        <source>Drawing by {name}</source>
        <translation>Llun gan {name}</translation>
    </message>
    <message>
        <source>Drawing</source>
        <translation>Llun</translation>
    </message>
    <message>
        <source>(This picture can&apos;t be shown.)</source>
        <translation>(Does dim modd dangos y llun hwn.)</translation>
    </message>
    <message>
        <source>By {name}</source>
        <translation>Gan {name}</translation>
    </message>
    <message>
        <source>Caption for the drawing by {name}</source>
        <translation>Capsiwn i&apos;r llun gan {name}</translation>
    </message>
    <message>
        <source>Caption for the drawing</source>
        <translation>Capsiwn i&apos;r llun</translation>
    </message>
    <message>
        <source>What is it? In the child&apos;s words</source>
        <translation>Beth ydy hwn? Yng ngeiriau&apos;r plentyn</translation>
    </message>
    <message>
        <source>Edit a drawing&apos;s caption</source>
        <translation>Golygu capsiwn llun</translation>
    </message>
    <message>
        <source>Remove the drawing by {name}</source>
        <translation>Tynnu&apos;r llun gan {name} allan</translation>
    </message>
    <message>
        <source>Remove the drawing</source>
        <translation>Tynnu&apos;r llun allan</translation>
    </message>
    <message>
        <source>Change who was seen</source>
        <translation>Newid pwy gafodd eu gweld</translation>
    </message>
    <message>
        <source>Change who was seen today</source>
        <translation>Newid pwy gafodd eu gweld heddiw</translation>
    </message>
    <message>
        <source>Record today&apos;s visit</source>
        <translation>Cofnodi ymweliad heddiw</translation>
    </message>
    <message>
        <source>Change where the visit was</source>
        <translation>Newid ble roedd yr ymweliad</translation>
    </message>
    <message>
        <source>Choose a photo of a drawing</source>
        <translation>Dewis ffotograff o lun</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.gif *.bmp *.webp)</source>
        <translation>Lluniau (*.png *.jpg *.jpeg *.gif *.bmp *.webp)</translation>
    </message>
    <message>
        <source>That picture could not be opened. Nothing was added.</source>
        <translation>Doedd dim modd agor y llun hwnnw. Does dim byd wedi&apos;i ychwanegu.</translation>
    </message>
    <message>
        <source>That file doesn&apos;t look like a picture. Nothing was added.</source>
        <translation>Dydy&apos;r ffeil honno ddim yn edrych fel llun. Does dim byd wedi&apos;i ychwanegu.</translation>
    </message>
    <message>
        <source>Add a drawing</source>
        <translation>Ychwanegu llun</translation>
    </message>
    <message>
        <source>The drawing could not be kept. Nothing was added.</source>
        <translation>Doedd dim modd cadw&apos;r llun. Does dim byd wedi&apos;i ychwanegu.</translation>
    </message>
    <message>
        <source>The drawing is kept safely inside this family&apos;s locked file.</source>
        <translation>Mae&apos;r llun yn cael ei gadw&apos;n ddiogel y tu mewn i ffeil y teulu hwn, sydd wedi&apos;i chloi.</translation>
    </message>
    <message>
        <source>Remove a drawing</source>
        <translation>Tynnu llun allan</translation>
    </message>
</context>
<context>
    <name>workspace.circles</name>
    <message>
        <source>Safety network in circles around the children</source>
        <translation>Rhwydwaith diogelwch mewn cylchoedd o gwmpas y plant</translation>
    </message>
    <message>
        <source>In the middle</source>
        <translation>Yn y canol</translation>
    </message>
    <message>
        <source>Closest</source>
        <translation>Agosaf</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Agos</translation>
    </message>
    <message>
        <source>Further out</source>
        <translation>Ymhellach allan</translation>
    </message>
    <message>
        <source>Nobody has been added yet.</source>
        <translation>Does neb wedi&apos;i ychwanegu eto.</translation>
    </message>
    <message>
        <source>The children</source>
        <translation>Y plant</translation>
    </message>
</context>
<context>
    <name>workspace.glance</name>
    <message>
        <source>The whole map</source>
        <translation>Y map cyfan</translation>
    </message>
    <message>
        <source>Whose view: {view}</source>
        <extracomment>roomiest first; a map too big for the densest scrolls the kitchen-table view keeps its type large and every word (the family cannot open an entry from it): a big map scrolls there rather than shrink below this width the three columns stack (the supervision view beside the map)</extracomment>
        <translation>Barn pwy: {view}</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Wedi&apos;i ddatrys</translation>
    </message>
    <message>
        <source>{name}’s view</source>
        <translation>Barn {name}</translation>
    </message>
    <message>
        <source>(nothing written yet)</source>
        <translation>(dim byd wedi&apos;i ysgrifennu eto)</translation>
    </message>
    <message>
        <source>{part} entry</source>
        <translation>Cofnod: {part}</translation>
    </message>
    <message>
        <source>{part}: what is written</source>
        <translation>{part}: beth sydd wedi&apos;i ysgrifennu</translation>
    </message>
    <message>
        <source>Edit {part}</source>
        <translation>Golygu {part}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Agor</translation>
    </message>
    <message>
        <source>{part}: open this entry on its page</source>
        <translation>{part}: agor y cofnod hwn ar ei dudalen</translation>
    </message>
    <message>
        <source>Whose view, who agrees and every detail of this entry, on its own page</source>
        <translation>Barn pwy, pwy sy&apos;n cytuno a phob manylyn o&apos;r cofnod hwn, ar ei dudalen ei hun</translation>
    </message>
    <message>
        <source>Open this entry on its page, with all its detail (Enter)</source>
        <translation>Agor y cofnod hwn ar ei dudalen, gyda&apos;i holl fanylion (Enter)</translation>
    </message>
    <message>
        <source>Nobody disagrees</source>
        <translation>Does neb yn anghytuno</translation>
    </message>
    <message>
        <source>nothing written yet</source>
        <translation>dim byd wedi&apos;i ysgrifennu eto</translation>
    </message>
    <message>
        <source>Press Enter to change the words here</source>
        <translation>Pwyswch Enter i newid y geiriau yma</translation>
    </message>
    <message>
        <source>Click to change the words here</source>
        <translation>Cliciwch i newid y geiriau yma</translation>
    </message>
    <message>
        <source>Click to read and change all the words</source>
        <translation>Cliciwch i ddarllen a newid y geiriau i gyd</translation>
    </message>
    <message>
        <source>Add to {part}</source>
        <translation>Ychwanegu at {part}</translation>
    </message>
    <message>
        <source>Type it, then press Enter. It is saved at once.</source>
        <translation>Teipiwch, yna pwyswch Enter. Mae&apos;n cael ei gadw ar unwaith.</translation>
    </message>
    <message>
        <source>+ Add, then Enter</source>
        <translation>+ Ychwanegu, Enter</translation>
    </message>
    <message>
        <source>Type, then Enter: adds to {part} in the view chosen above</source>
        <translation>Teipiwch, yna Enter: mae&apos;n ychwanegu at {part} yn y farn a ddewiswyd uchod</translation>
    </message>
    <message>
        <source>Nothing here yet.</source>
        <translation>Dim byd yma eto.</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>how much of each entry this column shows (the working view fits column by column)</extracomment>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>Done with their reasons</source>
        <translation>Wedi gorffen â&apos;u rhesymau</translation>
    </message>
    <message>
        <source>Their reasons are saved as you type (Escape does this too)</source>
        <translation>Mae eu rhesymau&apos;n cael eu cadw wrth i chi deipio (mae Escape yn gwneud hyn hefyd)</translation>
    </message>
    <message>
        <source>A click puts a number for {name}</source>
        <translation>Mae clic yn rhoi rhif ar gyfer {name}</translation>
    </message>
    <message>
        <source>Their reasons, in their words (Enter when done)</source>
        <translation>Eu rhesymau, yn eu geiriau eu hunain (Enter ar ôl gorffen)</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>neb</translation>
    </message>
    <message>
        <source>Put {number} for the person named in “New entries in the view of”</source>
        <translation>Rhoi {number} ar gyfer y person a enwir yn “Cofnodion newydd ym marn”</translation>
    </message>
    <message>
        <source>At {number}: {names}</source>
        <translation>Ar {number}: {names}</translation>
    </message>
    <message>
        <source>Which view</source>
        <translation>Pa olwg</translation>
    </message>
    <message>
        <source>Working view</source>
        <translation>Golwg gwaith</translation>
    </message>
    <message>
        <source>Working view: add and change entries here</source>
        <translation>Golwg gwaith: ychwanegu a newid cofnodion yma</translation>
    </message>
    <message>
        <source>Kitchen-table view</source>
        <translation>Golwg bwrdd y gegin</translation>
    </message>
    <message>
        <source>Kitchen-table view: large type for the family, nothing confidential</source>
        <translation>Golwg bwrdd y gegin: ysgrifen fawr i&apos;r teulu, dim byd cyfrinachol</translation>
    </message>
    <message>
        <source>Large type, for turning the laptop to the family. Nothing marked confidential is shown.</source>
        <translation>Ysgrifen fawr, ar gyfer troi&apos;r gliniadur at y teulu. Does dim byd sydd wedi&apos;i farcio&apos;n gyfrinachol yn cael ei ddangos.</translation>
    </message>
    <message>
        <source>This is the family&apos;s view: nothing marked confidential is shown, and words that could say where someone is are left out.</source>
        <translation>Dyma olwg y teulu: does dim byd sydd wedi&apos;i farcio&apos;n gyfrinachol yn cael ei ddangos, ac mae geiriau a allai ddweud ble mae rhywun wedi&apos;u gadael allan.</translation>
    </message>
    <message>
        <source>Whose view new entries are in</source>
        <translation>Barn pwy yw&apos;r cofnodion newydd</translation>
    </message>
    <message>
        <source>New entries in the view of:</source>
        <translation>Cofnodion newydd ym marn:</translation>
    </message>
    <message>
        <source>Whose view the entries added here are in</source>
        <translation>Barn pwy yw&apos;r cofnodion sy&apos;n cael eu hychwanegu yma</translation>
    </message>
    <message>
        <source>Add {name}</source>
        <extracomment>the number put from here whose reasons are being written: (score id, whose view)</extracomment>
        <translation>Ychwanegu {name}</translation>
    </message>
    <message>
        <source>Change the number</source>
        <translation>Newid y rhif</translation>
    </message>
    <message>
        <source>Record a number on the scale</source>
        <translation>Cofnodi rhif ar y raddfa</translation>
    </message>
    <message>
        <source>Edit their reasons</source>
        <translation>Golygu eu rhesymau</translation>
    </message>
    <message>
        <source>Why {number} for {name}?</source>
        <translation>Pam mae {name} yn rhoi {number}?</translation>
    </message>
</context>
<context>
    <name>workspace.guide</name>
    <message>
        <source>Start with who is in the children&apos;s lives.</source>
        <translation>Dechreuwch gyda phwy sydd ym mywydau&apos;r plant.</translation>
    </message>
    <message>
        <source>Who lives at home with the children?</source>
        <translation>Pwy sy&apos;n byw gartref gyda&apos;r plant?</translation>
    </message>
    <message>
        <source>Who do the children go to when they are upset?</source>
        <translation>At bwy mae&apos;r plant yn mynd pan fyddan nhw wedi cynhyrfu?</translation>
    </message>
    <message>
        <source>Who does the family turn to when things are hard?</source>
        <translation>At bwy mae&apos;r teulu&apos;n troi pan fydd pethau&apos;n anodd?</translation>
    </message>
    <message>
        <source>Who else knows the children well: school, nursery, health visitor?</source>
        <translation>Pwy arall sy&apos;n adnabod y plant yn dda: yr ysgol, y feithrinfa, yr ymwelydd iechyd?</translation>
    </message>
    <message>
        <source>Is there an address or phone number that must never be in the family&apos;s copy?</source>
        <translation>Oes cyfeiriad neu rif ffôn na ddylai byth fod yng nghopi&apos;r teulu?</translation>
    </message>
    <message>
        <source>Hear from each child, in their own words.</source>
        <translation>Gwrandewch ar bob plentyn, yn ei eiriau ei hun.</translation>
    </message>
    <message>
        <source>House of Worries: what worries you at home?</source>
        <translation>Tŷ&apos;r Pryderon: beth sy&apos;n dy boeni di gartref?</translation>
    </message>
    <message>
        <source>House of Good Things: what is good at home? Who helps?</source>
        <translation>Tŷ&apos;r Pethau Da: beth sy&apos;n dda gartref? Pwy sy&apos;n helpu?</translation>
    </message>
    <message>
        <source>House of Dreams: if the worries were gone, what would home be like?</source>
        <translation>Tŷ&apos;r Breuddwydion: petai&apos;r pryderon wedi mynd, sut le fyddai dy gartref di?</translation>
    </message>
    <message>
        <source>Was each child seen today? Were they seen on their own?</source>
        <translation>A gafodd pob plentyn ei weld heddiw? A gafodd ei weld ar wahân?</translation>
    </message>
    <message>
        <source>Write the plan with the family, in their words.</source>
        <translation>Ysgrifennwch y cynllun gyda&apos;r teulu, yn eu geiriau nhw.</translation>
    </message>
    <message>
        <source>What are the rules that will keep the children safe?</source>
        <translation>Beth yw&apos;r rheolau a fydd yn cadw&apos;r plant yn ddiogel?</translation>
    </message>
    <message>
        <source>Who will make sure each rule is kept?</source>
        <translation>Pwy fydd yn gwneud yn siŵr bod pob rheol yn cael ei chadw?</translation>
    </message>
    <message>
        <source>What signs would tell the network that things are going wrong?</source>
        <translation>Pa arwyddion fyddai&apos;n dweud wrth y rhwydwaith fod pethau&apos;n mynd o chwith?</translation>
    </message>
    <message>
        <source>What will happen if the plan isn&apos;t working? (That is not failure.)</source>
        <translation>Beth fydd yn digwydd os nad yw&apos;r cynllun yn gweithio? (Nid methiant yw hynny.)</translation>
    </message>
    <message>
        <source>When will everyone look at the plan again?</source>
        <translation>Pryd bydd pawb yn edrych ar y cynllun eto?</translation>
    </message>
    <message>
        <source>Write down what you have learned and why.</source>
        <translation>Ysgrifennwch beth rydych chi wedi&apos;i ddysgu, a pham.</translation>
    </message>
    <message>
        <source>What happened, and what did it tell us?</source>
        <translation>Beth ddigwyddodd, a beth ddywedodd hynny wrthon ni?</translation>
    </message>
    <message>
        <source>Do we understand enough to decide? If not, what don&apos;t we know yet?</source>
        <translation>Ydyn ni&apos;n deall digon i benderfynu? Os nad ydyn ni, beth dydyn ni ddim yn ei wybod eto?</translation>
    </message>
    <message>
        <source>What have we decided, and why?</source>
        <translation>Beth rydyn ni wedi&apos;i benderfynu, a pham?</translation>
    </message>
    <message>
        <source>When can the family expect to hear, or why is it taking longer?</source>
        <translation>Pryd gall y teulu ddisgwyl clywed, neu pam mae&apos;n cymryd yn hirach?</translation>
    </message>
    <message>
        <source>With a parent</source>
        <translation>Gyda rhiant</translation>
    </message>
    <message>
        <source>With a child</source>
        <translation>Gyda phlentyn</translation>
    </message>
    <message>
        <source>Guided conversation</source>
        <translation>Sgwrs dywys</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Cam</translation>
    </message>
    <message>
        <source>Questions you might ask</source>
        <translation>Cwestiynau y gallech chi eu gofyn</translation>
    </message>
    <message>
        <source>These are suggestions. Skip anything that doesn&apos;t fit; everything is saved as you go.</source>
        <translation>Awgrymiadau yw&apos;r rhain. Hepgorwch unrhyw beth sydd ddim yn addas; mae popeth yn cael ei gadw wrth i chi fynd.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Yn ôl</translation>
    </message>
    <message>
        <source>Back to the previous step</source>
        <translation>Yn ôl i&apos;r cam blaenorol</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Hepgor</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Hepgor y cam hwn</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nesaf</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Y cam nesaf</translation>
    </message>
    <message>
        <source>Leave guided mode</source>
        <translation>Gadael y modd tywys</translation>
    </message>
    <message>
        <source>Step {number} of {total}</source>
        <translation>Cam {number} o {total}</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>Finish the guided conversation</source>
        <translation>Gorffen y sgwrs dywys</translation>
    </message>
</context>
<context>
    <name>workspace.judgement</name>
    <message>
        <source>Everyone</source>
        <extracomment>the scale&apos;s wordings by whom they are for (translated where they are listed)</extracomment>
        <translation>Pawb</translation>
    </message>
    <message>
        <source>A parent</source>
        <translation>Rhiant</translation>
    </message>
    <message>
        <source>A child</source>
        <translation>Plentyn</translation>
    </message>
    <message>
        <source>Whose number:</source>
        <extracomment>below this page width the reasons and the chart stack instead of sitting side by side</extracomment>
        <translation>Rhif pwy:</translation>
    </message>
    <message>
        <source>Whose number is this?</source>
        <translation>Rhif pwy yw hwn?</translation>
    </message>
    <message>
        <source>Choose or type a name</source>
        <translation>Dewiswch neu teipiwch enw</translation>
    </message>
    <message>
        <source>Wording for:</source>
        <translation>Geiriad ar gyfer:</translation>
    </message>
    <message>
        <source>Which wording of the scale was used</source>
        <translation>Pa eiriad o&apos;r raddfa a ddefnyddiwyd</translation>
    </message>
    <message>
        <source>Scale from 0 to 10</source>
        <translation>Graddfa o 0 i 10</translation>
    </message>
    <message>
        <source>{description} Choosing a number saves it at once.</source>
        <translation>{description} Mae dewis rhif yn ei gadw ar unwaith.</translation>
    </message>
    <message>
        <source>Their reasons for this number</source>
        <translation>Eu rhesymau dros y rhif hwn</translation>
    </message>
    <message>
        <source>Saved into their number as you type.</source>
        <translation>Yn cael ei gadw gyda&apos;u rhif wrth i chi deipio.</translation>
    </message>
    <message>
        <source>Why this number?</source>
        <translation>Pam y rhif hwn?</translation>
    </message>
    <message>
        <source>Their reasons, in their words:</source>
        <translation>Eu rhesymau, yn eu geiriau eu hunain:</translation>
    </message>
    <message>
        <source>You could ask:</source>
        <translation>Gallech chi ofyn:</translation>
    </message>
    <message>
        <source>Next person&apos;s number</source>
        <translation>Rhif y person nesaf</translation>
    </message>
    <message>
        <source>Done with this number: start the next person&apos;s</source>
        <translation>Wedi gorffen â&apos;r rhif hwn: dechrau rhif y person nesaf</translation>
    </message>
    <message>
        <source>This number and its reasons are already saved.</source>
        <translation>Mae&apos;r rhif hwn a&apos;i resymau wedi&apos;u cadw&apos;n barod.</translation>
    </message>
    <message>
        <source>Take this number away</source>
        <translation>Tynnu&apos;r rhif hwn</translation>
    </message>
    <message>
        <source>Take this number away again</source>
        <translation>Tynnu&apos;r rhif hwn yn ôl</translation>
    </message>
    <message>
        <source>Their reasons</source>
        <translation>Eu rhesymau</translation>
    </message>
    <message>
        <source>Everyone&apos;s numbers now</source>
        <translation>Rhifau pawb nawr</translation>
    </message>
    <message>
        <source>How the numbers have moved</source>
        <translation>Sut mae&apos;r rhifau wedi newid</translation>
    </message>
    <message>
        <source>Latest reasons</source>
        <translation>Y rhesymau diweddaraf</translation>
    </message>
    <message>
        <source>That number was taken away.</source>
        <extracomment>the number an undo took away from the form: a redo that brings it back reopens it</extracomment>
        <translation>Cafodd y rhif hwnnw ei dynnu.</translation>
    </message>
    <message>
        <source>Nobody has given a number yet.</source>
        <translation>Does neb wedi rhoi rhif eto.</translation>
    </message>
    <message>
        <source>Nobody has given a number yet. That&apos;s fine.</source>
        <translation>Does neb wedi rhoi rhif eto. Mae hynny&apos;n iawn.</translation>
    </message>
    <message>
        <source>{name}: {number} out of 10, on {date}</source>
        <translation>{name}: {number} allan o 10, ar {date}</translation>
    </message>
    <message>
        <source>Given on {date}</source>
        <translation>Rhoddwyd ar {date}</translation>
    </message>
    <message>
        <source>No number being given</source>
        <translation>Does dim rhif yn cael ei roi</translation>
    </message>
    <message>
        <source>Choose a number first; their reasons go here.</source>
        <translation>Dewiswch rif yn gyntaf; mae eu rhesymau&apos;n mynd yma.</translation>
    </message>
    <message>
        <source>Saved: {number} for {name}. Their reasons are saved as you type.</source>
        <translation>Wedi&apos;i gadw: {number} ar gyfer {name}. Mae eu rhesymau&apos;n cael eu cadw wrth i chi deipio.</translation>
    </message>
    <message>
        <source>Choose whose number it is, then a number on the scale.</source>
        <translation>Dewiswch pwy sy&apos;n rhoi&apos;r rhif, yna rhif ar y raddfa.</translation>
    </message>
    <message>
        <source>Add {name} as a person</source>
        <translation>Ychwanegu {name} fel person</translation>
    </message>
    <message>
        <source>Change the number</source>
        <translation>Newid y rhif</translation>
    </message>
    <message>
        <source>Record a number on the scale</source>
        <translation>Cofnodi rhif ar y raddfa</translation>
    </message>
    <message>
        <source>Change the wording of the scale</source>
        <translation>Newid geiriad y raddfa</translation>
    </message>
    <message>
        <source>Edit their reasons</source>
        <translation>Golygu eu rhesymau</translation>
    </message>
    <message>
        <source>Saved {number} for {name}. Thank you.</source>
        <translation>Wedi cadw {number} ar gyfer {name}. Diolch.</translation>
    </message>
    <message>
        <source>Take a number away</source>
        <translation>Tynnu rhif</translation>
    </message>
    <message>
        <source>That number was taken away. Undo brings it back.</source>
        <translation>Cafodd y rhif hwnnw ei dynnu. Mae dadwneud yn dod ag e&apos;n ôl.</translation>
    </message>
</context>
<context>
    <name>workspace.needs</name>
    <message>
        <source>Not paired with a worry yet</source>
        <translation>Heb ei baru â phryder eto</translation>
    </message>
    <message>
        <source>Which worry this goal answers</source>
        <translation>Pa bryder mae&apos;r nod hwn yn ei ateb</translation>
    </message>
    <message>
        <source>Answers the worry:</source>
        <translation>Yn ateb y pryder:</translation>
    </message>
    <message>
        <source>Which worry statement this goal answers</source>
        <translation>Pa ddatganiad pryder mae&apos;r nod hwn yn ei ateb</translation>
    </message>
    <message>
        <source>(a worry with no words yet)</source>
        <translation>(pryder heb eiriau eto)</translation>
    </message>
    <message>
        <source>Pair the goal with a worry</source>
        <translation>Paru&apos;r nod â phryder</translation>
    </message>
    <message>
        <source>Who will do it and when</source>
        <translation>Pwy fydd yn ei wneud, a phryd</translation>
    </message>
    <message>
        <source>Someone else…</source>
        <translation>Rhywun arall…</translation>
    </message>
    <message>
        <source>Someone else will do this step: write who</source>
        <translation>Bydd rhywun arall yn gwneud y cam hwn: ysgrifennwch pwy</translation>
    </message>
    <message>
        <source>Who will do it:</source>
        <translation>Pwy fydd yn ei wneud:</translation>
    </message>
    <message>
        <source>Who will do this step</source>
        <translation>Pwy fydd yn gwneud y cam hwn</translation>
    </message>
    <message>
        <source>e.g. Sarah, with Gwen</source>
        <translation>e.e. Sarah, gyda Gwen</translation>
    </message>
    <message>
        <source>Edit who will do it</source>
        <translation>Golygu pwy fydd yn ei wneud</translation>
    </message>
    <message>
        <source>Date agreed with the family</source>
        <extracomment>&quot;Someone else…&quot; was pressed: the box is shown even while the step names someone</extracomment>
        <translation>Dyddiad wedi&apos;i gytuno â&apos;r teulu</translation>
    </message>
    <message>
        <source>A date has been agreed with the family</source>
        <translation>Mae dyddiad wedi&apos;i gytuno â&apos;r teulu</translation>
    </message>
    <message>
        <source>No date agreed yet. That&apos;s fine.</source>
        <translation>Does dim dyddiad wedi&apos;i gytuno eto. Mae hynny&apos;n iawn.</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first} a {second}</translation>
    </message>
    <message>
        <source>Who will do it: {names}, as the step says.</source>
        <translation>Pwy fydd yn ei wneud: {names}, fel mae&apos;r cam yn ei ddweud.</translation>
    </message>
    <message>
        <source>Change the agreed date</source>
        <translation>Newid y dyddiad a gytunwyd</translation>
    </message>
    <message>
        <source>What people will see when the children are safe enough, and the next small steps. Say what people will be doing, in the family&apos;s own words.</source>
        <translation>Beth fydd pobl yn ei weld pan fydd y plant yn ddigon diogel, a&apos;r camau bach nesaf. Dywedwch beth fydd pobl yn ei wneud, yng ngeiriau&apos;r teulu ei hun.</translation>
    </message>
    <message>
        <source>What will people be doing? What will the children tell us? For how long?</source>
        <translation>Beth fydd pobl yn ei wneud? Beth fydd y plant yn ei ddweud wrthon ni? Am faint o amser?</translation>
    </message>
    <message>
        <source>What is the next small step?</source>
        <translation>Beth yw&apos;r cam bach nesaf?</translation>
    </message>
</context>
<context>
    <name>workspace.people</name>
    <message>
        <source>Child</source>
        <extracomment>the same roles on the &quot;Add someone&quot; line, short enough to sit side by side</extracomment>
        <translation>Plentyn</translation>
    </message>
    <message>
        <source>Parent or carer</source>
        <translation>Rhiant neu ofalwr</translation>
    </message>
    <message>
        <source>Safety network (family, friends)</source>
        <translation>Rhwydwaith diogelwch (teulu, ffrindiau)</translation>
    </message>
    <message>
        <source>Professional</source>
        <translation>Gweithiwr proffesiynol</translation>
    </message>
    <message>
        <source>Safety network</source>
        <translation>Rhwydwaith diogelwch</translation>
    </message>
    <message>
        <source>From their role</source>
        <extracomment>the Circle field: None follows the person&apos;s role (its words say which circle that is)</extracomment>
        <translation>O&apos;u rôl</translation>
    </message>
    <message>
        <source>Closest circle</source>
        <translation>Y cylch agosaf</translation>
    </message>
    <message>
        <source>Middle circle</source>
        <translation>Y cylch canol</translation>
    </message>
    <message>
        <source>Outer circle</source>
        <translation>Y cylch allanol</translation>
    </message>
    <message>
        <source>In the middle, with the children</source>
        <extracomment>services.people.CIRCLE_WORDS (its English), marked here for the screens</extracomment>
        <translation>Yn y canol, gyda&apos;r plant</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Ffôn</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Cyfeiriad</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-bost</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Arall</translation>
    </message>
    <message>
        <source>Living at home</source>
        <translation>Yn byw gartref</translation>
    </message>
    <message>
        <source>Professionals</source>
        <translation>Gweithwyr proffesiynol</translation>
    </message>
    <message>
        <source>Others in the children&apos;s lives</source>
        <translation>Eraill ym mywydau&apos;r plant</translation>
    </message>
    <message>
        <source>Family and friends who will help keep the children safe</source>
        <extracomment>the people list&apos;s group rows keep their key here (their text is in the screens&apos; language)</extracomment>
        <translation>Teulu a ffrindiau a fydd yn helpu i gadw&apos;r plant yn ddiogel</translation>
    </message>
    <message>
        <source>Kept out of the family&apos;s copy: never printed in anything the family gets.</source>
        <extracomment>what each of a contact&apos;s three markings means, said under the choice (the two boxes &quot;Not for the family&apos;s copy&quot; and &quot;Safe to share&quot; sat side by side with no explanation)</extracomment>
        <translation>Wedi&apos;i gadw allan o gopi&apos;r teulu: byth yn cael ei argraffu mewn unrhyw beth mae&apos;r teulu&apos;n ei gael.</translation>
    </message>
    <message>
        <source>Printed in the family&apos;s copy, but left out of a safe copy (the copy to make when a plan could be found by the wrong person).</source>
        <translation>Yn cael ei argraffu yng nghopi&apos;r teulu, ond wedi&apos;i adael allan o gopi diogel (y copi i&apos;w wneud pan allai&apos;r cynllun gael ei ddarganfod gan y person anghywir).</translation>
    </message>
    <message>
        <source>Can be shared: printed even in a safe copy.</source>
        <translation>Gellir ei rannu: yn cael ei argraffu hyd yn oed mewn copi diogel.</translation>
    </message>
    <message>
        <source>Kind of contact detail</source>
        <extracomment>the widest phone number the value box shows whole, whatever the editor&apos;s width</extracomment>
        <translation>Math o fanylyn cyswllt</translation>
    </message>
    <message>
        <source>mobile, home…</source>
        <translation>symudol, cartref…</translation>
    </message>
    <message>
        <source>Contact label, for example mobile or home</source>
        <translation>Label y cyswllt, er enghraifft symudol neu gartref</translation>
    </message>
    <message>
        <source>The number or address</source>
        <translation>Y rhif neu&apos;r cyfeiriad</translation>
    </message>
    <message>
        <source>Phone number or address</source>
        <translation>Rhif ffôn neu gyfeiriad</translation>
    </message>
    <message>
        <source>Who may see it:</source>
        <translation>Pwy all ei weld:</translation>
    </message>
    <message>
        <source>Not for the family&apos;s copy</source>
        <translation>Ddim ar gyfer copi&apos;r teulu</translation>
    </message>
    <message>
        <source>Not for the family&apos;s copy: never printed for the family</source>
        <translation>Ddim ar gyfer copi&apos;r teulu: byth yn cael ei argraffu i&apos;r teulu</translation>
    </message>
    <message>
        <source>In the family&apos;s copy, not a safe copy</source>
        <translation>Yng nghopi&apos;r teulu, nid mewn copi diogel</translation>
    </message>
    <message>
        <source>In the family&apos;s copy, left out of a safe copy</source>
        <translation>Yng nghopi&apos;r teulu, wedi&apos;i adael allan o gopi diogel</translation>
    </message>
    <message>
        <source>Safe to share, even in a safe copy</source>
        <translation>Diogel i&apos;w rannu, hyd yn oed mewn copi diogel</translation>
    </message>
    <message>
        <source>OK for the children&apos;s copy</source>
        <translation>Iawn ar gyfer copi&apos;r plant</translation>
    </message>
    <message>
        <source>OK for the children&apos;s copy: may be printed in a child&apos;s own document</source>
        <translation>Iawn ar gyfer copi&apos;r plant: gall gael ei argraffu yn nogfen plentyn ei hun</translation>
    </message>
    <message>
        <source>A phone number a child may keep, such as Nan&apos;s</source>
        <translation>Rhif ffôn y gall plentyn ei gadw, fel rhif Nain</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Tynnu</translation>
    </message>
    <message>
        <source>Remove this contact detail</source>
        <translation>Tynnu&apos;r manylyn cyswllt hwn</translation>
    </message>
    <message>
        <source>It is in the children&apos;s copy too.</source>
        <translation>Mae yng nghopi&apos;r plant hefyd.</translation>
    </message>
    <message>
        <source>People and network</source>
        <extracomment>the most rows the people list shows before it scrolls (the circles get the rest)</extracomment>
        <translation>Pobl a rhwydwaith</translation>
    </message>
    <message>
        <source>The family&apos;s language:</source>
        <extracomment>the person last removed: chosen again when an undo brings them back</extracomment>
        <translation>Iaith y teulu:</translation>
    </message>
    <message>
        <source>The family</source>
        <translation>Y teulu</translation>
    </message>
    <message>
        <source>Documents for the family are offered in it first</source>
        <translation>Mae dogfennau i&apos;r teulu yn cael eu cynnig yn yr iaith hon yn gyntaf</translation>
    </message>
    <message>
        <source>Who is in the children&apos;s lives? Add people as the family names them; everything is saved as you type.</source>
        <translation>Pwy sydd ym mywydau&apos;r plant? Ychwanegwch bobl wrth i&apos;r teulu eu henwi; mae popeth yn cael ei gadw wrth i chi deipio.</translation>
    </message>
    <message>
        <source>Add someone: type their name…</source>
        <translation>Ychwanegu rhywun: teipiwch eu henw…</translation>
    </message>
    <message>
        <source>Name of a person to add</source>
        <translation>Enw person i&apos;w ychwanegu</translation>
    </message>
    <message>
        <source>Who they are</source>
        <translation>Pwy ydyn nhw</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ychwanegu</translation>
    </message>
    <message>
        <source>Add this person</source>
        <translation>Ychwanegu&apos;r person hwn</translation>
    </message>
    <message>
        <source>People in the children&apos;s lives</source>
        <translation>Pobl ym mywydau&apos;r plant</translation>
    </message>
    <message>
        <source>The person chosen</source>
        <translation>Y person a ddewiswyd</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <source>Mum, Nan, the children&apos;s teacher…</source>
        <translation>Mam, Nain, athro&apos;r plant…</translation>
    </message>
    <message>
        <source>Relationship to the children</source>
        <translation>Perthynas â&apos;r plant</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôl</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Anhysbys</translation>
    </message>
    <message>
        <source>Age in years</source>
        <translation>Oed mewn blynyddoedd</translation>
    </message>
    <message>
        <source>Lives at home with the children</source>
        <translation>Yn byw gartref gyda&apos;r plant</translation>
    </message>
    <message>
        <source>Circle of closeness to the children</source>
        <translation>Cylch agosrwydd at y plant</translation>
    </message>
    <message>
        <source>Nan will visit every Saturday morning…</source>
        <translation>Bydd Nain yn ymweld bob bore Sadwrn…</translation>
    </message>
    <message>
        <source>What they do to help</source>
        <translation>Beth maen nhw&apos;n ei wneud i helpu</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>Organisation and role: not for the family&apos;s copy</source>
        <translation>Sefydliad a rôl: ddim ar gyfer copi&apos;r teulu</translation>
    </message>
    <message>
        <source>A role like &apos;Refuge key worker&apos; can tell someone where the family is.</source>
        <translation>Gall rôl fel &apos;Gweithiwr allweddol lloches&apos; ddweud wrth rywun ble mae&apos;r teulu.</translation>
    </message>
    <message>
        <source>The family&apos;s copy leaves out the Relationship and Organisation boxes; the name can still be printed.</source>
        <translation>Mae copi&apos;r teulu yn gadael y blychau Perthynas a Sefydliad allan; gellir argraffu&apos;r enw o hyd.</translation>
    </message>
    <message>
        <source>Keep this person&apos;s name out of the family&apos;s copy</source>
        <translation>Cadw enw&apos;r person hwn allan o gopi&apos;r teulu</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Perthynas</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Oed</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>Cylch</translation>
    </message>
    <message>
        <source>How they help</source>
        <translation>Sut maen nhw&apos;n helpu</translation>
    </message>
    <message>
        <source>This person</source>
        <translation>Y person hwn</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Iaith</translation>
    </message>
    <message>
        <source>Addresses and phone numbers</source>
        <translation>Cyfeiriadau a rhifau ffôn</translation>
    </message>
    <message>
        <source>Choose “Not for the family&apos;s copy” for anything that could put someone at risk if the plan were found.</source>
        <translation>Dewiswch “Ddim ar gyfer copi&apos;r teulu” ar gyfer unrhyw beth a allai roi rhywun mewn perygl pe bai&apos;r cynllun yn cael ei ddarganfod.</translation>
    </message>
    <message>
        <source>Add a phone number</source>
        <translation>Ychwanegu rhif ffôn</translation>
    </message>
    <message>
        <source>Add an address</source>
        <translation>Ychwanegu cyfeiriad</translation>
    </message>
    <message>
        <source>Remove this person</source>
        <translation>Tynnu&apos;r person hwn</translation>
    </message>
    <message>
        <source>Remove this person from the family</source>
        <translation>Tynnu&apos;r person hwn o&apos;r teulu</translation>
    </message>
    <message>
        <source>Choose someone in the list, or add a person.</source>
        <translation>Dewiswch rywun yn y rhestr, neu ychwanegwch berson.</translation>
    </message>
    <message>
        <source>(no name yet)</source>
        <translation>(dim enw eto)</translation>
    </message>
    <message>
        <source>name kept out of the family&apos;s copy</source>
        <translation>enw wedi&apos;i gadw allan o gopi&apos;r teulu</translation>
    </message>
    <message>
        <source>Record the family&apos;s language</source>
        <translation>Cofnodi iaith y teulu</translation>
    </message>
    <message>
        <source>Record a person&apos;s language</source>
        <translation>Cofnodi iaith person</translation>
    </message>
    <message>
        <source>Nobody chosen</source>
        <translation>Neb wedi&apos;i ddewis</translation>
    </message>
    <message>
        <source>{circle} (from their role)</source>
        <translation>{circle} (o&apos;u rôl)</translation>
    </message>
    <message>
        <source>Children are in the middle of the circles</source>
        <translation>Mae plant yng nghanol y cylchoedd</translation>
    </message>
    <message>
        <source>Where they are drawn in the circles around the children</source>
        <translation>Ble maen nhw&apos;n cael eu dangos yn y cylchoedd o gwmpas y plant</translation>
    </message>
    <message>
        <source>This person is kept out of the family&apos;s copy completely, so their organisation and role are left out already.</source>
        <translation>Mae&apos;r person hwn wedi&apos;i gadw allan o gopi&apos;r teulu yn llwyr, felly mae eu sefydliad a&apos;u rôl wedi&apos;u gadael allan yn barod.</translation>
    </message>
    <message>
        <source>Change what a child calls someone</source>
        <translation>Newid beth mae plentyn yn galw rhywun</translation>
    </message>
    <message>
        <source>Change a child&apos;s &apos;who helps keep me safe&apos; list</source>
        <translation>Newid rhestr plentyn: &apos;pwy sy&apos;n helpu i fy nghadw i&apos;n ddiogel&apos;</translation>
    </message>
    <message>
        <source>Change a name</source>
        <extracomment>the People page&apos;s fields, each with what it is called in an undo step</extracomment>
        <translation>Newid enw</translation>
    </message>
    <message>
        <source>Change a relationship</source>
        <translation>Newid perthynas</translation>
    </message>
    <message>
        <source>Change a role</source>
        <translation>Newid rôl</translation>
    </message>
    <message>
        <source>Change an age</source>
        <translation>Newid oed</translation>
    </message>
    <message>
        <source>Change who lives at home</source>
        <translation>Newid pwy sy&apos;n byw gartref</translation>
    </message>
    <message>
        <source>Change a circle</source>
        <translation>Newid cylch</translation>
    </message>
    <message>
        <source>Change how someone helps</source>
        <translation>Newid sut mae rhywun yn helpu</translation>
    </message>
    <message>
        <source>Change an organisation</source>
        <translation>Newid sefydliad</translation>
    </message>
    <message>
        <source>Change whether a name is in the family&apos;s copy</source>
        <translation>Newid a yw enw yng nghopi&apos;r teulu</translation>
    </message>
    <message>
        <source>Change whether a role is in the family&apos;s copy</source>
        <translation>Newid a yw rôl yng nghopi&apos;r teulu</translation>
    </message>
    <message>
        <source>Change a person</source>
        <translation>Newid person</translation>
    </message>
    <message>
        <source>Change a contact&apos;s kind</source>
        <translation>Newid math cyswllt</translation>
    </message>
    <message>
        <source>Change a contact detail</source>
        <translation>Newid manylyn cyswllt</translation>
    </message>
    <message>
        <source>Change how a contact detail is shared</source>
        <translation>Newid sut mae manylyn cyswllt yn cael ei rannu</translation>
    </message>
    <message>
        <source>Add {name}</source>
        <translation>Ychwanegu {name}</translation>
    </message>
    <message>
        <source>Remove {name}?</source>
        <translation>Tynnu {name}?</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Tynnu {name}</translation>
    </message>
    <message>
        <source>Keep {name}</source>
        <translation>Cadw {name}</translation>
    </message>
    <message>
        <source>this person</source>
        <translation>y person hwn</translation>
    </message>
    <message>
        <source>Add a contact detail</source>
        <translation>Ychwanegu manylyn cyswllt</translation>
    </message>
    <message>
        <source>Remove a contact detail</source>
        <translation>Tynnu manylyn cyswllt</translation>
    </message>
</context>
<context>
    <name>workspace.people_children</name>
    <message>
        <source>the child</source>
        <translation>y plentyn</translation>
    </message>
    <message>
        <source>them</source>
        <translation>nhw</translation>
    </message>
    <message>
        <source>What {kid} calls {who}</source>
        <translation>Beth mae {kid} yn galw {who}</translation>
    </message>
    <message>
        <source>What {kid} calls them</source>
        <translation>Beth mae {kid} yn eu galw nhw</translation>
    </message>
    <message>
        <source>Nan, my teacher…</source>
        <translation>Nain, fy athro…</translation>
    </message>
    <message>
        <source>Mum, Nan…</source>
        <translation>Mam, Nain…</translation>
    </message>
    <message>
        <source>On {kid}&apos;s list</source>
        <translation>Ar restr {kid}</translation>
    </message>
    <message>
        <source>On {kid}&apos;s “who helps keep me safe” list</source>
        <translation>Ar restr {kid}: “pwy sy&apos;n helpu i fy nghadw i&apos;n ddiogel”</translation>
    </message>
    <message>
        <source>{who} is on {kid}&apos;s “who helps keep me safe” list</source>
        <translation>Mae {who} ar restr {kid}: “pwy sy&apos;n helpu i fy nghadw i&apos;n ddiogel”</translation>
    </message>
    <message>
        <source>Chosen with the child. Only the children&apos;s copy uses this list.</source>
        <translation>Wedi&apos;i dewis gyda&apos;r plentyn. Dim ond copi&apos;r plant sy&apos;n defnyddio&apos;r rhestr hon.</translation>
    </message>
    <message>
        <source>{name}, if left empty</source>
        <translation>{name}, os caiff ei adael yn wag</translation>
    </message>
    <message>
        <source>For the children</source>
        <translation>Ar gyfer y plant</translation>
    </message>
    <message>
        <source>How {kid} knows each person, in {kid}&apos;s words, and who is on {kid}&apos;s “who helps keep me safe” list (chosen with {kid}). Only the children&apos;s copy uses these.</source>
        <translation>Sut mae {kid} yn adnabod pob person, yng ngeiriau {kid}, a phwy sydd ar restr {kid}: “pwy sy&apos;n helpu i fy nghadw i&apos;n ddiogel” (wedi&apos;i dewis gyda {kid}). Dim ond copi&apos;r plant sy&apos;n defnyddio&apos;r rhain.</translation>
    </message>
    <message>
        <source>What each child calls this person, and whether they are on the child&apos;s own “who helps keep me safe” list (chosen with the child). Only the children&apos;s copy uses these.</source>
        <translation>Beth mae pob plentyn yn galw&apos;r person hwn, ac a ydyn nhw ar restr y plentyn ei hun: “pwy sy&apos;n helpu i fy nghadw i&apos;n ddiogel” (wedi&apos;i dewis gyda&apos;r plentyn). Dim ond copi&apos;r plant sy&apos;n defnyddio&apos;r rhain.</translation>
    </message>
    <message numerus="yes">
        <source>%n people are on {kid}&apos;s list; the children&apos;s copy shows the first {most}.</source>
        <translation>
            <numerusform>Mae %n o bobl ar restr {kid}; mae copi&apos;r plant yn dangos y {most} cyntaf.</numerusform>
            <numerusform>Mae %n person ar restr {kid}; mae copi&apos;r plant yn dangos y {most} cyntaf.</numerusform>
            <numerusform>Mae %n o bobl ar restr {kid}; mae copi&apos;r plant yn dangos y {most} cyntaf.</numerusform>
            <numerusform>Mae %n o bobl ar restr {kid}; mae copi&apos;r plant yn dangos y {most} cyntaf.</numerusform>
            <numerusform>Mae %n o bobl ar restr {kid}; mae copi&apos;r plant yn dangos y {most} cyntaf.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>workspace.plan</name>
    <message>
        <source>Rule {number}, in the family&apos;s words</source>
        <extracomment>the width of the &quot;Who makes sure&quot; chooser and &quot;In whose words&quot; box, the same in every card</extracomment>
        <translation>Rheol {number}, yng ngeiriau&apos;r teulu</translation>
    </message>
    <message>
        <source>In the family&apos;s own words…</source>
        <translation>Yng ngeiriau&apos;r teulu ei hun…</translation>
    </message>
    <message>
        <source>Who makes sure of rule {number}: choose people</source>
        <translation>Pwy sy&apos;n gwneud yn siŵr o reol {number}: dewiswch bobl</translation>
    </message>
    <message>
        <source>or write who, e.g. “Mum, with Nan”</source>
        <translation>neu ysgrifennwch pwy, e.e. “Mam, gyda Nain”</translation>
    </message>
    <message>
        <source>Who makes sure of rule {number}, in words</source>
        <translation>Pwy sy&apos;n gwneud yn siŵr o reol {number}, mewn geiriau</translation>
    </message>
    <message>
        <source>Mum, the family…</source>
        <translation>Mam, y teulu…</translation>
    </message>
    <message>
        <source>Whose words rule {number} is in</source>
        <translation>Yng ngeiriau pwy mae rheol {number}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Tynnu allan</translation>
    </message>
    <message>
        <source>Remove rule {number}</source>
        <translation>Tynnu rheol {number} allan</translation>
    </message>
    <message>
        <source>Who makes sure:</source>
        <translation>Pwy sy&apos;n gwneud yn siŵr:</translation>
    </message>
    <message>
        <source>In whose words:</source>
        <translation>Yng ngeiriau pwy:</translation>
    </message>
    <message>
        <source>For the children too</source>
        <translation>I&apos;r plant hefyd</translation>
    </message>
    <message>
        <source>Rule {number} is for the children too</source>
        <translation>Mae rheol {number} i&apos;r plant hefyd</translation>
    </message>
    <message>
        <source>Only rules ticked here are in the children&apos;s copy</source>
        <translation>Dim ond y rheolau sydd wedi&apos;u ticio yma sydd yng nghopi&apos;r plant</translation>
    </message>
    <message>
        <source>In the children&apos;s words:</source>
        <translation>Yng ngeiriau&apos;r plant:</translation>
    </message>
    <message>
        <source>If Daddy shouts, you can go to Nan&apos;s.</source>
        <translation>Os ydy Dadi&apos;n gweiddi, gelli di fynd at Nain.</translation>
    </message>
    <message>
        <source>Rule {number} in the children&apos;s words</source>
        <translation>Rheol {number} yng ngeiriau&apos;r plant</translation>
    </message>
    <message>
        <source>Choose people…</source>
        <translation>Dewiswch bobl…</translation>
    </message>
    <message>
        <source>Change who makes sure</source>
        <translation>Newid pwy sy&apos;n gwneud yn siŵr</translation>
    </message>
    <message>
        <source>Change whether the children see this rule</source>
        <translation>Newid a yw&apos;r plant yn gweld y rheol hon</translation>
    </message>
    <message>
        <source>Something the network would notice…</source>
        <translation>Rhywbeth y byddai&apos;r rhwydwaith yn sylwi arno…</translation>
    </message>
    <message>
        <source>Warning sign {number}</source>
        <translation>Arwydd rhybudd {number}</translation>
    </message>
    <message>
        <source>Remove warning sign {number}</source>
        <translation>Tynnu arwydd rhybudd {number} allan</translation>
    </message>
    <message>
        <source>Helper {number}</source>
        <translation>Helpwr {number}</translation>
    </message>
    <message>
        <source>Who helps?</source>
        <translation>Pwy sy&apos;n helpu?</translation>
    </message>
    <message>
        <source>What they will do…</source>
        <translation>Beth fyddan nhw&apos;n ei wneud…</translation>
    </message>
    <message>
        <source>What helper {number} will do</source>
        <translation>Beth fydd helpwr {number} yn ei wneud</translation>
    </message>
    <message>
        <source>Remove helper {number}</source>
        <translation>Tynnu helpwr {number} allan</translation>
    </message>
    <message>
        <source>Change the helper</source>
        <translation>Newid yr helpwr</translation>
    </message>
    <message>
        <source>“{title}”: the family&apos;s plan, written with them, in their words. It saves as you type.</source>
        <translation>“{title}”: cynllun y teulu, wedi&apos;i ysgrifennu gyda nhw, yn eu geiriau nhw. Mae&apos;n cael ei gadw wrth i chi deipio.</translation>
    </message>
    <message>
        <source>The rules</source>
        <translation>Y rheolau</translation>
    </message>
    <message>
        <source>Add a rule</source>
        <translation>Ychwanegu rheol</translation>
    </message>
    <message>
        <source>Who helps, and how</source>
        <translation>Pwy sy&apos;n helpu, a sut</translation>
    </message>
    <message>
        <source>Add a helper</source>
        <translation>Ychwanegu helpwr</translation>
    </message>
    <message>
        <source>Add a helper&apos;s part in the plan</source>
        <translation>Ychwanegu rhan helpwr yn y cynllun</translation>
    </message>
    <message>
        <source>Warning signs the network will watch for</source>
        <translation>Arwyddion rhybudd y bydd y rhwydwaith yn cadw llygad amdanyn nhw</translation>
    </message>
    <message>
        <source>Add a warning sign</source>
        <translation>Ychwanegu arwydd rhybudd</translation>
    </message>
    <message>
        <source>If the plan isn&apos;t working</source>
        <translation>Os nad yw&apos;r cynllun yn gweithio</translation>
    </message>
    <message>
        <source>That is not failure: the network gets back together and changes the plan.</source>
        <translation>Nid methiant yw hynny: mae&apos;r rhwydwaith yn dod at ei gilydd eto ac yn newid y cynllun.</translation>
    </message>
    <message>
        <source>What we will do if the plan isn&apos;t working</source>
        <translation>Beth byddwn ni&apos;n ei wneud os nad yw&apos;r cynllun yn gweithio</translation>
    </message>
    <message>
        <source>Who will call whom, and how soon everyone meets…</source>
        <translation>Pwy fydd yn ffonio pwy, a pha mor fuan bydd pawb yn cyfarfod…</translation>
    </message>
    <message>
        <source>When we will look at the plan again</source>
        <translation>Pryd byddwn ni&apos;n edrych ar y cynllun eto</translation>
    </message>
    <message>
        <source>When and how we will look at the plan again</source>
        <translation>Pryd a sut byddwn ni&apos;n edrych ar y cynllun eto</translation>
    </message>
    <message>
        <source>Agreed with the family and the network…</source>
        <translation>Wedi&apos;i gytuno â&apos;r teulu a&apos;r rhwydwaith…</translation>
    </message>
    <message>
        <source>Agreed versions</source>
        <translation>Fersiynau a gytunwyd</translation>
    </message>
    <message>
        <source>Agreed versions of the plan</source>
        <translation>Fersiynau o&apos;r cynllun a gytunwyd</translation>
    </message>
    <message>
        <source>A note, e.g. “agreed at the family meeting”</source>
        <translation>Nodyn, e.e. “cytunwyd yng nghyfarfod y teulu”</translation>
    </message>
    <message>
        <source>Note for the agreed version</source>
        <translation>Nodyn i&apos;r fersiwn a gytunwyd</translation>
    </message>
    <message>
        <source>Keep this as an agreed version</source>
        <translation>Cadw hwn fel fersiwn a gytunwyd</translation>
    </message>
    <message>
        <source>Compare versions…</source>
        <translation>Cymharu fersiynau…</translation>
    </message>
    <message>
        <source>Compare versions of the plan: what changed between them</source>
        <translation>Cymharu fersiynau o&apos;r cynllun: beth newidiodd rhyngddyn nhw</translation>
    </message>
    <message>
        <source>Every version is kept; see what changed between any two</source>
        <translation>Mae pob fersiwn yn cael ei chadw; gwelwch beth newidiodd rhwng unrhyw ddwy</translation>
    </message>
    <message>
        <source>Plan status</source>
        <translation>Statws y cynllun</translation>
    </message>
    <message>
        <source>Safety plan</source>
        <translation>Cynllun diogelwch</translation>
    </message>
    <message>
        <source>Version {number}, kept on {when}{note}</source>
        <translation>Fersiwn {number}, wedi&apos;i chadw ar {when}{note}</translation>
    </message>
    <message>
        <source>No agreed version yet. When the family and network agree the plan, keep it as a version: every version is kept.</source>
        <translation>Does dim fersiwn wedi&apos;i chytuno eto. Pan fydd y teulu a&apos;r rhwydwaith yn cytuno â&apos;r cynllun, cadwch y cynllun fel fersiwn: mae pob fersiwn yn cael ei chadw.</translation>
    </message>
    <message>
        <source>Change the plan</source>
        <translation>Newid y cynllun</translation>
    </message>
    <message>
        <source>Remove a rule</source>
        <translation>Tynnu rheol allan</translation>
    </message>
    <message>
        <source>Remove a warning sign</source>
        <translation>Tynnu arwydd rhybudd allan</translation>
    </message>
    <message>
        <source>Remove a helper</source>
        <translation>Tynnu helpwr allan</translation>
    </message>
    <message>
        <source>Kept as version {number}. The plan can still be changed; every agreed version is kept.</source>
        <translation>Wedi&apos;i gadw fel fersiwn {number}. Mae modd newid y cynllun o hyd; mae pob fersiwn a gytunwyd yn cael ei chadw.</translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation>dyddiad anhysbys</translation>
    </message>
</context>
<context>
    <name>workspace.working_well</name>
    <message>
        <source>Good things that happen, and what people have already done to keep the children safe. Who saw it? When did it happen?</source>
        <translation>Pethau da sy&apos;n digwydd, a beth mae pobl wedi&apos;i wneud yn barod i gadw&apos;r plant yn ddiogel. Pwy welodd hynny? Pryd digwyddodd hynny?</translation>
    </message>
    <message>
        <source>What is going well, and who has seen it?</source>
        <translation>Beth sy&apos;n mynd yn dda, a phwy sydd wedi&apos;i weld?</translation>
    </message>
    <message>
        <source>A time the danger was there and someone kept the children safe. What did they do?</source>
        <translation>Adeg pan oedd y perygl yno a rhywun wedi cadw&apos;r plant yn ddiogel. Beth wnaethon nhw?</translation>
    </message>
</context>
<context>
    <name>workspace.workspace</name>
    <message>
        <source>Family header</source>
        <extracomment>while group supervision is on, the current page is checked again this often, so a control that a page re-enables (or a card it rebuilds) cannot be used to write initials over names the page list&apos;s width (wider by a scroll bar when it needs one) the narrowest the map is given beside supervision before supervision covers it instead</extracomment>
        <translation>Pennawd y teulu</translation>
    </message>
    <message>
        <source>Family workspace</source>
        <translation>Man gwaith y teulu</translation>
    </message>
    <message>
        <source>← Families</source>
        <extracomment>group supervision: (widget, which text, what it said, its initials) to put back</extracomment>
        <translation>← Teuluoedd</translation>
    </message>
    <message>
        <source>Back to the list of families</source>
        <translation>Yn ôl i&apos;r rhestr o deuluoedd</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Teulu</translation>
    </message>
    <message>
        <source>Guided conversation</source>
        <translation>Sgwrs dan arweiniad</translation>
    </message>
    <message>
        <source>Guided conversation, step by step</source>
        <translation>Sgwrs dan arweiniad, gam wrth gam</translation>
    </message>
    <message>
        <source>Ctrl+G: walk through the conversation step by step</source>
        <translation>Ctrl+G: mynd drwy&apos;r sgwrs gam wrth gam</translation>
    </message>
    <message>
        <source>Print or save a document…</source>
        <translation>Argraffu neu gadw dogfen…</translation>
    </message>
    <message>
        <source>Print or save a document for this family</source>
        <translation>Argraffu neu gadw dogfen ar gyfer y teulu hwn</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>Hanes…</translation>
    </message>
    <message>
        <source>History: every version of entries and of the plan, and the numbers over time</source>
        <translation>Hanes: pob fersiwn o&apos;r cofnodion ac o&apos;r cynllun, a&apos;r rhifau dros amser</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Goruchwyliaeth</translation>
    </message>
    <message>
        <source>Supervision: what has changed since the last sign-off, and the supervisor&apos;s record</source>
        <translation>Goruchwyliaeth: beth sydd wedi newid ers y gymeradwyaeth ddiwethaf, a chofnod y goruchwyliwr</translation>
    </message>
    <message>
        <source>Group supervision: names are shown as initials, and the map cannot be changed until it is turned off.</source>
        <translation>Goruchwyliaeth grŵp: mae enwau&apos;n cael eu dangos fel llythrennau cyntaf, a does dim modd newid y map nes iddi gael ei diffodd.</translation>
    </message>
    <message>
        <source>Group supervision is on</source>
        <translation>Mae goruchwyliaeth grŵp ymlaen</translation>
    </message>
    <message>
        <source>Parts of the map</source>
        <translation>Rhannau&apos;r map</translation>
    </message>
    <message>
        <source>Part of the map to show</source>
        <translation>Rhan o&apos;r map i&apos;w dangos</translation>
    </message>
    <message>
        <source>Part of this page could not be shown. Nothing saved has been lost.</source>
        <translation>Doedd dim modd dangos rhan o&apos;r dudalen hon. Does dim byd sydd wedi&apos;i gadw wedi&apos;i golli.</translation>
    </message>
    <message>
        <source>That is the whole conversation. Everything has been saved.</source>
        <translation>Dyna&apos;r sgwrs gyfan. Mae popeth wedi&apos;i gadw.</translation>
    </message>
</context>
<context>
    <name>workspace.worried</name>
    <message>
        <source>Who is worried</source>
        <extracomment>(key, label, example): the label and example are translated where shown</extracomment>
        <translation>Pwy sy&apos;n poeni</translation>
    </message>
    <message>
        <source>e.g. The school and Alex</source>
        <translation>e.e. Yr ysgol ac Alex</translation>
    </message>
    <message>
        <source>About what behaviour</source>
        <translation>Am ba ymddygiad</translation>
    </message>
    <message>
        <source>e.g. Dad drinks and shouts</source>
        <translation>e.e. Dad yn yfed ac yn gweiddi</translation>
    </message>
    <message>
        <source>In what situation</source>
        <translation>Ym mha sefyllfa</translation>
    </message>
    <message>
        <source>e.g. at weekends, when the children are at home</source>
        <translation>e.e. ar benwythnosau, pan fydd y plant gartref</translation>
    </message>
    <message>
        <source>What could happen to the child</source>
        <translation>Beth allai ddigwydd i&apos;r plentyn</translation>
    </message>
    <message>
        <source>e.g. Lena could be hurt or frightened</source>
        <translation>e.e. gallai Lena gael ei phrifo neu ei dychryn</translation>
    </message>
    <message>
        <source>Worry statement builder</source>
        <translation>Llunio datganiad pryder</translation>
    </message>
    <message>
        <source>Build the sentence from four parts</source>
        <translation>Llunio&apos;r frawddeg o bedair rhan</translation>
    </message>
    <message>
        <source>Show the worry statement builder</source>
        <translation>Dangos y rhannau i lunio&apos;r datganiad pryder</translation>
    </message>
    <message>
        <source>Four parts of the worry statement</source>
        <translation>Pedair rhan y datganiad pryder</translation>
    </message>
    <message>
        <source>Edit worry: {part}</source>
        <extracomment>the changeset of the typing in &quot;Who is worried&quot; not yet followed by its view</extracomment>
        <translation>Golygu pryder: {part}</translation>
    </message>
    <message>
        <source>Who is worried is also whose view this is: choose one of the family&apos;s people or type who. Left empty, it is whoever the view says.</source>
        <translation>Mae pwy sy&apos;n poeni hefyd yn dweud barn pwy yw hon: dewiswch un o bobl y teulu neu teipiwch pwy. Os byddwch chi&apos;n ei adael yn wag, barn pwy bynnag sydd wedi&apos;i ddewis yw hi.</translation>
    </message>
    <message>
        <source>Put the sentence together</source>
        <translation>Rhoi&apos;r frawddeg at ei gilydd</translation>
    </message>
    <message>
        <source>Put the worry sentence together from the four parts</source>
        <translation>Rhoi&apos;r frawddeg am y pryder at ei gilydd o&apos;r pedair rhan</translation>
    </message>
    <message>
        <source>Writes the sentence into the entry; you can change the words afterwards</source>
        <translation>Mae&apos;n ysgrifennu&apos;r frawddeg yn y cofnod; gallwch chi newid y geiriau wedyn</translation>
    </message>
    <message>
        <source>You can change the words afterwards.</source>
        <translation>Gallwch chi newid y geiriau wedyn.</translation>
    </message>
    <message>
        <source>For the children: say it in words a child understands</source>
        <translation>I&apos;r plant: dywedwch hyn mewn geiriau mae plentyn yn eu deall</translation>
    </message>
    <message>
        <source>For the children: this worry in words a child understands</source>
        <translation>I&apos;r plant: y pryder hwn mewn geiriau mae plentyn yn eu deall</translation>
    </message>
    <message>
        <source>Sometimes Daddy drinks beer and gets loud.</source>
        <translation>Weithiau mae Dadi&apos;n yfed cwrw ac yn mynd yn swnllyd.</translation>
    </message>
    <message>
        <source>Optional. The children&apos;s copy uses this line (or the Words and Pictures story), never the worry as written here.</source>
        <translation>Dewisol. Mae copi&apos;r plant yn defnyddio&apos;r llinell hon (neu&apos;r stori Geiriau a Lluniau), byth y pryder fel mae wedi&apos;i ysgrifennu yma.</translation>
    </message>
    <message>
        <source>Edit the children&apos;s line</source>
        <translation>Golygu llinell y plant</translation>
    </message>
    <message>
        <source>{view} (whose view this is)</source>
        <translation>{view} (barn pwy yw hon)</translation>
    </message>
    <message>
        <source>What has happened, what people fear could happen if nothing changes, and what makes life harder. Say whose view each one is. People can disagree.</source>
        <translation>Beth sydd wedi digwydd, beth mae pobl yn ofni a allai ddigwydd os na fydd dim yn newid, a beth sy&apos;n gwneud bywyd yn anoddach. Dywedwch farn pwy yw pob un. Gall pobl anghytuno.</translation>
    </message>
    <message>
        <source>What happened, to which child, and when?</source>
        <translation>Beth ddigwyddodd, i ba blentyn, a phryd?</translation>
    </message>
    <message>
        <source>Who is worried, about what, when, and what could happen to the child?</source>
        <translation>Pwy sy&apos;n poeni, am beth, pryd, a beth allai ddigwydd i&apos;r plentyn?</translation>
    </message>
    <message>
        <source>What makes things harder right now?</source>
        <translation>Beth sy&apos;n gwneud pethau&apos;n anoddach ar hyn o bryd?</translation>
    </message>
    <message numerus="yes">
        <source>There are %n open {label}. Many people keep to about {most}, so each one gets real attention. It&apos;s only a suggestion.</source>
        <translation>
            <numerusform>Nifer y {label} sydd ar agor: %n. Mae llawer o bobl yn cadw at tua {most}, fel bod pob un yn cael sylw go iawn. Awgrym yn unig yw hwn.</numerusform>
            <numerusform>Nifer y {label} sydd ar agor: %n. Mae llawer o bobl yn cadw at tua {most}, fel bod pob un yn cael sylw go iawn. Awgrym yn unig yw hwn.</numerusform>
            <numerusform>Nifer y {label} sydd ar agor: %n. Mae llawer o bobl yn cadw at tua {most}, fel bod pob un yn cael sylw go iawn. Awgrym yn unig yw hwn.</numerusform>
            <numerusform>Nifer y {label} sydd ar agor: %n. Mae llawer o bobl yn cadw at tua {most}, fel bod pob un yn cael sylw go iawn. Awgrym yn unig yw hwn.</numerusform>
            <numerusform>Nifer y {label} sydd ar agor: %n. Mae llawer o bobl yn cadw at tua {most}, fel bod pob un yn cael sylw go iawn. Awgrym yn unig yw hwn.</numerusform>
        </translation>
    </message>
    <message>
        <source>No note</source>
        <translation>Dim nodyn</translation>
    </message>
</context>
</TS>
