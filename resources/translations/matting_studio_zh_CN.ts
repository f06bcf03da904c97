<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../desktop/app/actions.py" line="32" />
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="32" />
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="32" />
        <source>Cut-out</source>
        <translation>抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="33" />
        <source>Composite</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="33" />
        <source>Before/after</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="54" />
        <source>Open folder...</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="55" />
        <source>Open files...</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="56" />
        <source>Process all</source>
        <translation>全部处理</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="57" />
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="58" />
        <source>Models...</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="59" />
        <source>Preferences...</source>
        <translation>首选项…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="60" />
        <source>Train a model...</source>
        <translation>训练模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="61" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="62" />
        <source>Refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="63" />
        <source>Automatic trimap</source>
        <translation>自动三分图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="64" />
        <source>Discard the edit of this image</source>
        <translation>放弃此图片的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="65" />
        <source>Bigger brush</source>
        <translation>增大画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="66" />
        <source>Smaller brush</source>
        <translation>减小画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="68" />
        <source>Much bigger brush</source>
        <translation>大幅增大画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="69" />
        <source>Much smaller brush</source>
        <translation>大幅减小画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="70" />
        <source>Foreground brush</source>
        <translation>前景画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="71" />
        <source>Background brush</source>
        <translation>背景画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="72" />
        <source>Unknown brush</source>
        <translation>未知区域画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="73" />
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="74" />
        <source>Subject: remove a region</source>
        <translation>主体：删除区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="76" />
        <source>Subject: add a region</source>
        <translation>主体：添加区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="78" />
        <source>Refine hair brush</source>
        <translation>精修发丝画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="79" />
        <source>No brush (pan)</source>
        <translation>无画笔（平移）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="80" />
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="81" />
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="82" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="83" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="84" />
        <source>Next image</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="85" />
        <source>Previous image</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="86" />
        <source>About Matting Studio</source>
        <translation>关于 Matting Studio</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="87" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="88" />
        <source>Where your data lives</source>
        <translation>数据存放位置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="108" />
        <location filename="../../desktop/app/actions.py" line="117" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="112" />
        <location filename="../../desktop/app/actions.py" line="118" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="126" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="129" />
        <source>Recent folders</source>
        <translation>最近的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="133" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="138" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="145" />
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="146" />
        <source>Badge colours</source>
        <translation>状态颜色说明</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="147" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="151" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="155" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="53" />
        <source>colour {0}</source>
        <translation>颜色 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="55" />
        <source>image {0}</source>
        <translation>图片 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="55" />
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="57" />
        <source>blurred original ({0})</source>
        <translation>模糊原图（{0}）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="58" />
        <source>transparent</source>
        <translation>透明</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="64" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="67" />
        <source>smooth {0} px</source>
        <translation>平滑 {0} 像素</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="69" />
        <source>feather {0} px</source>
        <translation>羽化 {0} 像素</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="71" />
        <source>contrast {0} %</source>
        <translation>对比度 {0}%</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="73" />
        <source>shift edge {0} px</source>
        <translation>移动边缘 {0} 像素</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="79" />
        <source>Alpha matte (grey PNG)</source>
        <translation>透明度蒙版（灰度 PNG）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="82" />
        <source>PSD, layers: the photo with the matte as its layer mask (transparent)</source>
        <translation>PSD，图层：以蒙版为图层蒙版的照片（透明）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="83" />
        <source>PSD, layers: the photo with its layer mask over the background: {0}</source>
        <translation>PSD，图层：带图层蒙版的照片叠在背景上：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="86" />
        <source>{0}, transparent (RGBA, no background)</source>
        <translation>{0}，透明（RGBA，不含背景）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="88" />
        <source>{0} on white ({0} has no transparency)</source>
        <translation>{0}，白色背景（{0} 不支持透明）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="89" />
        <source>{0} on the background: {1}</source>
        <translation>{0}，合成到背景：{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="66" />
        <source>Installed models</source>
        <extracomment>what ships inside the app: (name, distribution whose version is shown or "", licence)</extracomment>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="67" />
        <source>Your edits (painted trimaps, refined mattes)</source>
        <translation>你的修改（绘制的三分图、精修的蒙版）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="68" />
        <source>Caches (computed mattes, model programs, compiled kernels; safe to delete)</source>
        <translation>缓存（计算出的蒙版、模型程序、编译的内核；可安全删除）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="70" />
        <source>Settings (settings.ini)</source>
        <translation>设置（settings.ini）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/thumbnails.py" line="34" />
        <source>Waiting: not cut out yet</source>
        <translation>等待：尚未抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/thumbnails.py" line="34" />
        <source>Running: being cut out now</source>
        <translation>运行中：正在抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/thumbnails.py" line="35" />
        <source>Done: cut out</source>
        <translation>完成：已抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/thumbnails.py" line="35" />
        <source>Edited: your refined cut-out</source>
        <translation>已编辑：你精修过的抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/thumbnails.py" line="36" />
        <source>Failed: hover over it for the reason</source>
        <translation>失败：将鼠标悬停其上查看原因</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="101" />
        <source>About Matting Studio</source>
        <translation>关于 Matting Studio</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="103" />
        <source>&lt;h2&gt;Matting Studio {0}&lt;/h2&gt;&lt;p&gt;Cut people out of photos on your own computer, with no upload and no account.&lt;/p&gt;&lt;p&gt;Matting Studio is licensed under Apache-2.0. It ships these models and libraries, each under its own licence:&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Matting Studio {0}&lt;/h2&gt;&lt;p&gt;在你自己的电脑上抠出照片中的人物，无需上传、无需账号。&lt;/p&gt;&lt;p&gt;Matting Studio 以 Apache-2.0 许可发布。它附带以下模型和库，各自遵循其许可：&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="108" />
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="108" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="108" />
        <source>Licence</source>
        <translation>许可</translation>
    </message>
</context>
<context>
    <name>BackgroundPanel</name>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="48" />
        <source>New background</source>
        <translation>新背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="56" />
        <location filename="../../desktop/app/background_panel.py" line="226" />
        <source>Transparent</source>
        <translation>透明</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="56" />
        <location filename="../../desktop/app/background_panel.py" line="76" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="56" />
        <location filename="../../desktop/app/background_panel.py" line="109" />
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="57" />
        <source>Blurred original</source>
        <translation>模糊原图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="86" />
        <source>Pick a colour...</source>
        <translation>选择颜色…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="111" />
        <source>File...</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="112" />
        <source>Folder...</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="132" />
        <source>Move the background image left or right (or Ctrl+drag the picture)</source>
        <translation>左右移动背景图片（或按住 Ctrl 拖动画面）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="134" />
        <source>Move the background image up or down (or Ctrl+drag the picture)</source>
        <translation>上下移动背景图片（或按住 Ctrl 拖动画面）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="93" />
        <source>Blur strength</source>
        <translation>模糊强度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="130" />
        <source>Enlarge the background image</source>
        <translation>放大背景图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="135" />
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="136" />
        <source>Left / right</source>
        <translation>左 / 右</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="137" />
        <source>Up / down</source>
        <translation>上 / 下</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="212" />
        <source>No image chosen</source>
        <translation>未选择图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="220" />
        <source>Colour {0}</source>
        <translation>颜色 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="223" />
        <source>Image {0}</source>
        <translation>图片 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="225" />
        <source>Blurred original, strength {0}</source>
        <translation>模糊原图，强度 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="240" />
        <source>Background colour</source>
        <translation>背景颜色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="245" />
        <source>Background image</source>
        <translation>背景图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="246" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="252" />
        <source>Folder of backgrounds</source>
        <translation>背景图片文件夹</translation>
    </message>
</context>
<context>
    <name>BatchBar</name>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="187" />
        <source>Pause / resume</source>
        <translation>暂停/继续</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="190" />
        <source>Cancel the batch</source>
        <translation>取消批处理</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="216" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="216" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="223" />
        <source>Paused: {0} / {1}</source>
        <translation>已暂停：{0} / {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="224" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="228" />
        <source>preparing the matting engine...</source>
        <translation>正在准备抠图引擎…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="230" />
        <source>ETA {0}</source>
        <translation>剩余 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="232" />
        <source>estimating time...</source>
        <translation>正在估算时间…</translation>
    </message>
</context>
<context>
    <name>CurveWidget</name>
    <message>
        <location filename="../../desktop/app/training/curves.py" line="159" />
        <source>waiting for data</source>
        <translation>等待数据</translation>
    </message>
</context>
<context>
    <name>DataFoldersDialog</name>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="129" />
        <source>Where your data lives</source>
        <translation>数据存放位置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="138" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="144" />
        <source>Uninstalling the app leaves these folders in place. With MATTING_STUDIO_HOME set, they are all inside that folder.</source>
        <translation>卸载应用不会删除这些文件夹。设置 MATTING_STUDIO_HOME 后，它们都在该文件夹中。</translation>
    </message>
</context>
<context>
    <name>DatasetPage</name>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="19" />
        <source>Two layouts work: PaddleSeg's Matting layout (train.txt / val.txt listing foregrounds, alphas under alpha/ beside fg/, optional backgrounds), or image/ + alpha/ folders matched by file name (optionally inside train/ and val/).</source>
        <translation>支持两种目录结构：PaddleSeg 的 Matting 结构（train.txt / val.txt 列出前景，透明度蒙版位于 fg/ 旁的 alpha/ 中，背景可选），或按文件名对应的 image/ + alpha/ 文件夹（可放在 train/ 和 val/ 中）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="52" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="53" />
        <source>Your photos with their mattes (alphas). They are checked before training.</source>
        <translation>您的照片及其蒙版（透明度）。训练前会先检查。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="60" />
        <source>a folder with train.txt, or image/ and alpha/ folders</source>
        <translation>包含 train.txt 的文件夹，或包含 image/ 和 alpha/ 的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="61" />
        <location filename="../../desktop/app/training/dataset_page.py" line="66" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="62" />
        <location filename="../../desktop/app/training/dataset_page.py" line="63" />
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="65" />
        <source>optional: backgrounds for foregrounds that have none</source>
        <translation>可选：为没有背景的前景提供背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="67" />
        <source>Backgrounds folder</source>
        <translation>背景文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="68" />
        <source>Backgrounds</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="75" />
        <location filename="../../desktop/app/training/dataset_page.py" line="138" />
        <source>Choose a folder.</source>
        <translation>请选择文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="83" />
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="152" />
        <source>Checking {0}...</source>
        <translation>正在检查 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="171" />
        <source>The check failed: {0}</source>
        <translation>检查失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="184" />
        <source>PaddleSeg layout</source>
        <translation>PaddleSeg 目录结构</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="184" />
        <source>image / alpha folders</source>
        <translation>image / alpha 文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="185" />
        <source>{0} training and {1} validation samples; {2} error(s), {3} warning(s).</source>
        <translation>{0} 个训练样本和 {1} 个验证样本；{2} 个错误，{3} 个警告。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="190" />
        <source>Fix the errors to go on.</source>
        <translation>请先修正错误再继续。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="193" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/dataset_page.py" line="194" />
        <source>warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>EdgePanel</name>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="52" />
        <source>Edges</source>
        <extracomment>how often (ms) a dragged slider updates the preview slider travel (each way) name, lowest, highest, decimals, unit, curve (the value follows the travel to this power)</extracomment>
        <translation>边缘</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="58" />
        <source>Smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="58" />
        <source>Feather</source>
        <translation>羽化</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="58" />
        <source>Contrast</source>
        <translation>对比度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="59" />
        <source>Shift edge</source>
        <translation>移动边缘</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="60" />
        <source>Even out a jagged outline (hair stays soft)</source>
        <translation>让锯齿状轮廓变平滑（发丝保持柔和）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="61" />
        <source>Soften the edge (blur radius)</source>
        <translation>柔化边缘（模糊半径）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="62" />
        <source>Sharpen the edge's transition (100 % is a hard edge)</source>
        <translation>让边缘过渡更锐利（100% 为硬边）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="63" />
        <source>Move the edge: negative chokes (drops a fringe), positive spreads</source>
        <translation>移动边缘：负值收缩（去掉色边），正值扩展</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="91" />
        <source>Shown and exported; the cut-out itself is kept.</source>
        <translation>用于显示和导出；抠图本身保持不变。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="95" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/edge_panel.py" line="97" />
        <source>No edge controls (the cut-out as it is)</source>
        <translation>不调整边缘（保持抠图原样）</translation>
    </message>
</context>
<context>
    <name>ExportBar</name>
    <message>
        <location filename="../../desktop/app/exporting.py" line="76" />
        <source>Cancel the export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="87" />
        <source>export %v / %m</source>
        <translation>导出 %v / %m</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="114" />
        <location filename="../../desktop/app/export_dialog.py" line="160" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="122" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="126" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="129" />
        <source>Fields: {stem}, {index}, {index:03d}, {backend}, {format}</source>
        <translation>字段：{stem}、{index}、{index:03d}、{backend}、{format}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="130" />
        <source>Naming pattern</source>
        <translation>命名规则</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="142" />
        <source>Quality (JPEG / WebP)</source>
        <translation>质量（JPEG/WebP）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="138" />
        <source>Write</source>
        <translation>写出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="144" />
        <source>Photo metadata</source>
        <translation>照片元数据</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="145" />
        <source>{0} (change it in the Background panel)</source>
        <translation>{0}（在背景面板中更改）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="147" />
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="148" />
        <source>{0} (change them in the Edges panel)</source>
        <translation>{0}（在“边缘”面板中修改）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="150" />
        <source>Edge controls</source>
        <translation>边缘调整</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="151" />
        <source>Foreground decontamination (no colour fringe on edges)</source>
        <translation>前景去污染（边缘无色边）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="154" />
        <source>Replace files that exist</source>
        <translation>替换已存在的文件</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="157" />
        <source>{0} image(s) will be exported.</source>
        <translation>将导出 {0} 张图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="172" />
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="183" />
        <source>e.g. {0}</source>
        <translation>例如 {0}</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../../desktop/app/exporting.py" line="39" />
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="43" />
        <source>Exporting {0} image(s) to {1}...</source>
        <translation>正在导出 {0} 张图片到 {1}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="61" />
        <source>Exported {0} file(s)</source>
        <translation>已导出 {0} 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="63" />
        <source>, {0} failed: {1}</source>
        <translation>，{0} 个失败：{1}</translation>
    </message>
</context>
<context>
    <name>FixPanel</name>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="25" />
        <source>One-click fixes</source>
        <translation>一键修正</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="29" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="29" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="29" />
        <source>Hair</source>
        <translation>发丝</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="48" />
        <source>Connected region</source>
        <translation>相连区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="49" />
        <source>Similar colour</source>
        <translation>相近颜色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="50" />
        <source>What a click picks: a whole connected part of the cut-out (or of the person map), or the area of similar colour around the click</source>
        <translation>点击选取的内容：抠图（或人物图）中一整块相连的部分，或点击处周围颜色相近的区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="53" />
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="63" />
        <source>Subject: click a region to take it out of the cut-out (S)</source>
        <translation>主体：点击区域将其移出抠图（S）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="64" />
        <source>Subject: click a region to put it into the cut-out (A)</source>
        <translation>主体：点击区域将其加入抠图（A）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="65" />
        <source>Refine hair: paint over hair or a soft edge to solve it again (H)</source>
        <translation>精修发丝：涂抹发丝或柔和边缘以重新计算（H）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="75" />
        <source>Click what should not be in the cut-out, or drag across several parts. Shift+click adds instead.</source>
        <translation>点击不应出现在抠图中的部分，或拖过多个部分。Shift+点击则改为添加。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="77" />
        <source>Click what is missing from the cut-out, or drag across several parts. Shift+click removes instead.</source>
        <translation>点击抠图中缺少的部分，或拖过多个部分。Shift+点击则改为删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="79" />
        <source>Paint along hair or a soft edge; the brush size is the trimap brush's ([ and ]).</source>
        <translation>沿发丝或柔和边缘涂抹；画笔大小与三分图画笔相同（[ 和 ]）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fix_panel.py" line="90" />
        <source>Open a folder of photos first (Ctrl+O)</source>
        <translation>请先打开照片文件夹（Ctrl+O）</translation>
    </message>
</context>
<context>
    <name>Fixer</name>
    <message>
        <location filename="../../desktop/app/fixes.py" line="213" />
        <source>Wait for the cut-out first, then click again.</source>
        <extracomment>a click finds a region this many screen pixels away how often (ms) a waiting fix checks whether a refine has finished a subject drag is drawn this many screen pixels wide</extracomment>
        <translation>请先等待抠图完成，再点击一次。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="248" />
        <source>Nothing to change there.</source>
        <translation>那里没有需要修改的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="249" />
        <source>Nothing changed under the stroke: the edge there is solved already, or too far from the subject.</source>
        <translation>笔画下没有变化：那里的边缘已经计算好，或离主体太远。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="256" />
        <source>The cut-out changed while the fix was computed: click again.</source>
        <translation>计算修正时抠图已改变：请再点击一次。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="265" />
        <source>remove a region</source>
        <translation>删除区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="265" />
        <source>add a region</source>
        <translation>添加区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="266" />
        <source>add a colour segment</source>
        <translation>添加颜色区域</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="266" />
        <source>refine hair</source>
        <translation>精修发丝</translation>
    </message>
    <message>
        <location filename="../../desktop/app/fixes.py" line="269" />
        <source>{0}: the fix failed: {1}</source>
        <translation>{0}：修正失败：{1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/app/main_window.py" line="128" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="129" />
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="130" />
        <source>Edges</source>
        <translation>边缘</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="131" />
        <source>Failures</source>
        <translation>失败列表</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="140" />
        <source>Open a folder of photos (Ctrl+O) or drop it here.</source>
        <translation>打开照片文件夹（Ctrl+O）或拖放到这里。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="161" />
        <source>{0} cannot be opened:
{1}</source>
        <translation>无法打开 {0}：
{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="164" />
        <source>Refining with {0}...</source>
        <translation>正在用 {0} 精修…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="166" />
        <source>Refined.</source>
        <translation>已精修。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="239" />
        <source>Open a folder of photos first (Ctrl+O)</source>
        <translation>请先打开照片文件夹（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="242" />
        <source>A batch is running</source>
        <translation>批处理正在运行</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="243" />
        <source>Cut out every photo of the folder (Ctrl+Return)</source>
        <translation>抠出文件夹中的每张照片（Ctrl+Return）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="245" />
        <source>An export is running</source>
        <translation>导出正在进行</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="246" />
        <source>Write the cut-outs into a folder (Ctrl+E)</source>
        <translation>将抠图写入文件夹（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="247" />
        <source>Select a photo that opens first</source>
        <translation>请先选择一张能打开的照片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="248" />
        <source>Re-matte the region around the strokes (Ctrl+R)</source>
        <translation>重新计算笔画周围区域的抠图（Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="249" />
        <source>Start again from the automatic trimap</source>
        <translation>从自动三分图重新开始</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="250" />
        <source>Go back to the computed cut-out</source>
        <translation>回到计算出的抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="266" />
        <source>Open a folder of photos</source>
        <translation>打开照片文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="271" />
        <source>Open photos</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="272" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="279" />
        <source>A batch is running: cancel it before opening other photos.</source>
        <translation>批处理正在运行：请先取消再打开其他照片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="302" />
        <source>{0} image(s) found.</source>
        <translation>找到 {0} 张图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="382" />
        <source>Removing the region...</source>
        <translation>正在删除区域…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="384" />
        <source>Adding the region...</source>
        <translation>正在添加区域…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="386" />
        <source>Refining hair...</source>
        <translation>正在精修发丝…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="399" />
        <source>Matting Studio stopped unexpectedly last time. The report is in {0}</source>
        <translation>Matting Studio 上次意外退出。报告位于 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="433" />
        <source>Removed the region from the cut-out (Ctrl+Z undoes it).</source>
        <translation>已从抠图中删除该区域（Ctrl+Z 撤销）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="434" />
        <source>Added the person's region to the cut-out (Ctrl+Z undoes it).</source>
        <translation>已将人物区域加入抠图（Ctrl+Z 撤销）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="435" />
        <source>Added the area of similar colour to the cut-out (Ctrl+Z undoes it).</source>
        <translation>已将颜色相近的区域加入抠图（Ctrl+Z 撤销）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="436" />
        <source>Refined the edge under the stroke (Ctrl+Z undoes it).</source>
        <translation>已精修笔画下的边缘（Ctrl+Z 撤销）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="457" />
        <source>A fix is being computed: refine once it is done.</source>
        <translation>正在计算修正：完成后再精修。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="545" />
        <source>The batch stopped: {0} of {1} done.</source>
        <translation>批处理已停止：已完成 {0} / {1}。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="301" />
        <location filename="../../desktop/app/main_window.py" line="303" />
        <source>No images found there.</source>
        <translation>那里没有找到图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="365" />
        <source>Your edit of this photo (Discard the edit to go back to {0}).</source>
        <translation>这是你对此照片的修改（放弃修改可回到 {0}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="367" />
        <source>{0} with an automatic trimap (paint one to guide it).</source>
        <translation>{0} 使用自动三分图（可绘制三分图来引导它）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="369" />
        <source>Cut out with {0}.</source>
        <translation>已用 {0} 抠图。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="375" />
        <source>Opening {0}...</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="377" />
        <source>Preparing the matting engine (once)...</source>
        <translation>正在准备抠图引擎（仅一次）…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="378" />
        <source>Cutting out...</source>
        <translation>正在抠图…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="380" />
        <source>Refining...</source>
        <translation>正在精修…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="455" />
        <source>Nothing to refine yet: open an image first.</source>
        <translation>还没有可精修的内容：请先打开图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="459" />
        <source>A refine is running already.</source>
        <translation>精修已在进行中。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="493" />
        <location filename="../../desktop/app/main_window.py" line="557" />
        <source>Open a folder first.</source>
        <translation>请先打开文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="506" />
        <source>Preparing the matting engine, once (about a minute the first time), then processing {0} image(s)...</source>
        <translation>正在准备抠图引擎，仅此一次（首次约一分钟），随后处理 {0} 张图片…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="509" />
        <source>Processing {0} image(s)...</source>
        <translation>正在处理 {0} 张图片…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="512" />
        <source>{0} uses an automatic trimap where none is painted.</source>
        <translation>{0} 在未绘制三分图处使用自动三分图。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="523" />
        <source>Paused: {0} of {1} done (the image in hand is finished first).</source>
        <translation>已暂停：已完成 {0} / {1}（正在处理的图片会先完成）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="547" />
        <source>Batch finished: {0} done, {1} failed, {2} cancelled ({3:.1f} s).</source>
        <translation>批处理完成：{0} 张完成，{1} 张失败，{2} 张取消（{3:.1f} 秒）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="550" />
        <source>Not processed: {0}</source>
        <translation>未处理：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="652" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="652" />
        <source>A batch is running. Cancel it and quit?</source>
        <translation>批处理正在运行。要取消并退出吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="656" />
        <source>Cancelling...</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="17" />
        <location filename="../../desktop/app/training/model_page.py" line="25" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="17" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="18" />
        <source>Published SAD</source>
        <translation>公布的 SAD</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="18" />
        <source>Official weights</source>
        <translation>官方权重</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="26" />
        <source>The network to fine-tune and the weights it starts from.</source>
        <translation>要微调的网络及其初始权重。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="46" />
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="47" />
        <source>Freeze the backbone (train the decoder only)</source>
        <translation>冻结主干网络（只训练解码器）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="48" />
        <source>Freeze BatchNorm (keeps fine hair detail with small batches)</source>
        <translation>冻结 BatchNorm（小批量时保留细发丝细节）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="66" />
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="66" />
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="96" />
        <source>The official {0} weights</source>
        <translation>{0} 的官方权重</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="97" />
        <source>The official weights (not installed: download them in Models)</source>
        <translation>官方权重（未安装：请在“模型”中下载）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="102" />
        <source>Your model {0}</source>
        <translation>您的模型 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="105" />
        <source>A weights file (.pdparams)...</source>
        <translation>权重文件（.pdparams）…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="106" />
        <source>From scratch (random weights)</source>
        <translation>从头训练（随机权重）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="111" />
        <source>DIM trains and evaluates with trimaps made from the alphas.</source>
        <translation>DIM 使用由透明度蒙版生成的三分图进行训练和评估。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="113" />
        <source>Its official weights are not installed: download them in Models... to fine-tune them on your photos (recommended). From scratch needs thousands of photos and days on a GPU.</source>
        <translation>尚未安装其官方权重：请在“模型…”中下载，再用您的照片微调（推荐）。从头训练需要数千张照片和数天的 GPU 时间。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="123" />
        <source>Start weights</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/model_page.py" line="124" />
        <source>Paddle weights (*.pdparams);;All files (*)</source>
        <translation>Paddle 权重 (*.pdparams);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="25" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="25" />
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="26" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="26" />
        <source>Trimap</source>
        <translation>三分图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="27" />
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="27" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="64" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="79" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="80" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="81" />
        <source>Import from a file...</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="82" />
        <location filename="../../desktop/app/models_dialog.py" line="238" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="83" />
        <source>Open the folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="92" />
        <source>system settings (e.g. http://proxy:3128)</source>
        <translation>系统设置（例如 http://proxy:3128）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="93" />
        <source>Mirror URL</source>
        <translation>镜像地址</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="94" />
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="136" />
        <source>built in, ready</source>
        <translation>内置，就绪</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="136" />
        <source>built in, not ready</source>
        <translation>内置，未就绪</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="137" />
        <source>in the app</source>
        <translation>随应用提供</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="137" />
        <source>no download needed</source>
        <translation>无需下载</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="139" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="139" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="140" />
        <source>needs</source>
        <translation>需要</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="141" />
        <source>for {0}</source>
        <translation>适合{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="177" />
        <source>installed {0}</source>
        <translation>已安装 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="179" />
        <source>{0}: cancelled</source>
        <translation>{0}：已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="182" />
        <source>downloading {0}...</source>
        <translation>正在下载 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="191" />
        <source>{0}: cancelled (a later download resumes it)</source>
        <translation>{0}：已取消（稍后下载会继续）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="217" />
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="218" />
        <source>Models (*.pdparams *.zip);;All files (*)</source>
        <translation>模型 (*.pdparams *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="224" />
        <source>installed {0} from {1}</source>
        <translation>已从 {1} 安装 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="225" />
        <source>Could not import {0}: {1}</source>
        <translation>无法导入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="227" />
        <source>importing {0}...</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="238" />
        <source>Delete the model {0}?</source>
        <translation>删除模型 {0}？</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="245" />
        <source>removed {0}</source>
        <translation>已删除 {0}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="21" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="25" />
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="25" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="26" />
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="29" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="32" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="34" />
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="38" />
        <source>Images at once (batch)</source>
        <translation>同时处理的图片数（批处理）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="41" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="45" />
        <location filename="../../desktop/app/preferences_dialog.py" line="74" />
        <source>Default output folder</source>
        <translation>默认输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="50" />
        <source>Default format</source>
        <translation>默认格式</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="52" />
        <source>Photo metadata</source>
        <translation>照片元数据</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="53" />
        <source>Show RAW files through the camera's embedded JPEG (faster; exports always develop the RAW)</source>
        <translation>通过相机内嵌的 JPEG 显示 RAW 文件（更快；导出时总是冲洗 RAW）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="56" />
        <source>RAW files</source>
        <translation>RAW 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="58" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="59" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="61" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="66" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="67" />
        <source>A new language applies when the app starts again.</source>
        <translation>新语言将在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="25" />
        <source>give the model a name</source>
        <translation>请为模型命名</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="26" />
        <source>use letters, digits, '.', '_' and '-' (up to 64), starting with a letter or digit</source>
        <translation>只能使用字母、数字、“.”、“_”和“-”（最多 64 个），并以字母或数字开头</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="38" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="39" />
        <source>Lower is better for every metric. Export the model to use it in the app.</source>
        <translation>各项指标均为越低越好。导出模型即可在应用中使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="52" />
        <source>Before (start weights)</source>
        <translation>之前（初始权重）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="52" />
        <source>After (best)</source>
        <translation>之后（最佳）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="53" />
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="67" />
        <source>Name of the new model</source>
        <translation>新模型名称</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="70" />
        <source>Export and use the new model</source>
        <translation>导出并使用新模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="73" />
        <source>Open the run folder</source>
        <translation>打开训练文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="98" />
        <source>the official weights</source>
        <translation>官方权重</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="98" />
        <source>random weights</source>
        <translation>随机权重</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="101" />
        <source>{0}, trained from {1} for {2} iterations; the best evaluation (by SAD) was at iteration {3}: these weights are the ones exported.</source>
        <translation>{0}，从{1}开始训练 {2} 次迭代；最佳评估（按 SAD）在第 {3} 次迭代：导出的就是这组权重。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="105" />
        <source>{0}, trained from {1}; the run has no evaluation, its newest checkpoint is exported.</source>
        <translation>{0}，从{1}开始训练；此次训练没有评估，导出的是最新的检查点。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="131" />
        <source>computing...</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="132" />
        <source>no evaluation</source>
        <translation>无评估</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="144" />
        <source>The start weights could not be evaluated: {0}</source>
        <translation>无法评估初始权重：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="146" />
        <source>The dataset has no validation set: no metrics to compare.</source>
        <translation>数据集没有验证集：没有可比较的指标。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="165" />
        <source>{0} exists ({1}); exporting replaces it.</source>
        <translation>{0} 已存在（{1}）；导出会替换它。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="181" />
        <source>Exporting {0}...</source>
        <translation>正在导出 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="189" />
        <source>Registered as {0}: it is in the list of models (and `matting-studio cutout --backend {0}`).</source>
        <translation>已注册为 {0}：它已在模型列表中（也可用 `matting-studio cutout --backend {0}`）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/result_page.py" line="197" />
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="23" />
        <source>Iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="24" />
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="45" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="46" />
        <source>Training runs in its own process; you can cancel and resume it.</source>
        <translation>训练在独立进程中运行；可以取消并稍后继续。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="52" />
        <source>Starting...</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="64" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="66" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="68" />
        <source>Change settings</source>
        <translation>更改设置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="70" />
        <source>Back to the settings, to start a new run</source>
        <translation>返回设置，开始新的训练</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="81" />
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="83" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="135" />
        <source>run folder: {0}</source>
        <translation>训练文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="162" />
        <source>Starting {0}...</source>
        <translation>正在启动 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="172" />
        <source>resuming...</source>
        <translation>正在继续…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="177" />
        <source>Cancelling: writing a checkpoint...</source>
        <translation>正在取消：写入检查点…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="197" />
        <source>Training {0} on {1}: {2} training / {3} validation samples, batch {4}, {5} px</source>
        <translation>在 {1} 上训练 {0}：{2} 个训练样本 / {3} 个验证样本，批大小 {4}，{5} 像素</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="203" />
        <source>continuing from iteration {0}</source>
        <translation>从第 {0} 次迭代继续</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="205" />
        <source>warning: {0}</source>
        <translation>警告：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="207" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="208" />
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="212" />
        <source>ETA {0}  ({1:.2f} it/s)</source>
        <translation>预计剩余 {0}（{1:.2f} 次迭代/秒）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="217" />
        <source>checkpoint at iteration {0}</source>
        <translation>第 {0} 次迭代的检查点</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="246" />
        <source>The training process stopped unexpectedly (exit code {0}).</source>
        <translation>训练进程意外停止（退出代码 {0}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/run_page.py" line="249" />
        <source>Cancelled. Resume continues from the last checkpoint.</source>
        <translation>已取消。继续训练将从最近的检查点开始。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="53" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="54" />
        <source>The defaults are the official recipe, adapted for fine-tuning.</source>
        <translation>默认值为官方训练配置，已针对微调调整。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="56" />
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="76" />
        <source>Iterations</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="77" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="78" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="79" />
        <source>Input (crop) size</source>
        <translation>输入（裁剪）尺寸</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="80" />
        <source>Recommended settings</source>
        <translation>推荐设置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="84" />
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="88" />
        <source>official</source>
        <translation>官方</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="95" />
        <source>automatic (GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="95" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="96" />
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="100" />
        <source>Mixed precision on the GPU</source>
        <translation>GPU 混合精度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="104" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="106" />
        <source>Validation size</source>
        <translation>验证尺寸</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="107" />
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="108" />
        <source>Checkpoint every</source>
        <translation>检查点间隔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="109" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="110" />
        <source>GPUs</source>
        <translation>GPU 数量</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="112" />
        <location filename="../../desktop/app/training/settings_page.py" line="267" />
        <location filename="../../desktop/app/training/settings_page.py" line="287" />
        <source>Run folder</source>
        <translation>训练文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="114" />
        <source>Device: looking...</source>
        <translation>设备：正在检测…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="191" />
        <source>No defaults for this model: {0}</source>
        <translation>此模型没有默认设置：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="216" />
        <source>this GPU</source>
        <translation>本机 GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="216" />
        <source>this CPU</source>
        <translation>本机 CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="217" />
        <source>Training takes roughly {0} on {1} (an estimate; once it runs, the next page shows the real time left).</source>
        <translation>在 {1} 上训练大约需要 {0}（估计值；开始后，下一页会显示实际剩余时间）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="268" />
        <source>{0} holds a run with checkpoints. Continue that run from its newest checkpoint?</source>
        <translation>{0} 中有带检查点的训练。要从最新的检查点继续该训练吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="275" />
        <source>{0} is a file, not a folder</source>
        <translation>{0} 是文件，不是文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="281" />
        <source>{0} holds an unreadable config.json; choose another folder</source>
        <translation>{0} 中的 config.json 无法读取；请选择其他文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="283" />
        <source>{0} holds a run of {1}; choose another folder</source>
        <translation>{0} 中是 {1} 的训练；请选择其他文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="302" />
        <location filename="../../desktop/app/training/settings_page.py" line="308" />
        <source>Device: {0}</source>
        <translation>设备：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="329" />
        <source>Memory: estimating...</source>
        <translation>内存：正在估算…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="335" />
        <source>Memory: no estimate ({0})</source>
        <translation>内存：无法估算（{0}）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="340" />
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="340" />
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/settings_page.py" line="341" />
        <source>Needs about {0} of {1}</source>
        <translation>约需 {0}，共 {1}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="116" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="118" />
        <source>Zoom about the cursor</source>
        <translation>以光标为中心缩放</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="118" />
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="119" />
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="119" />
        <source>Middle button drag, or Space + drag, or drag with no brush</source>
        <translation>中键拖动，或按住空格拖动，或无画笔时拖动</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="120" />
        <source>Move the before / after line</source>
        <translation>移动前后对比分割线</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="120" />
        <source>Drag in the before/after view</source>
        <translation>在前后对比视图中拖动</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="121" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/app/help_dialogs.py" line="121" />
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>ToolPanel</name>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="69" />
        <source>Backend</source>
        <translation>抠图引擎</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="76" />
        <source>For this image only</source>
        <translation>仅用于此图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="77" />
        <source>Download...</source>
        <translation>下载…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="104" />
        <source>(not installed)</source>
        <translation>（未安装）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="139" />
        <source>Not installed.</source>
        <translation>未安装。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="150" />
        <source>Trimap brush</source>
        <translation>三分图画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="156" />
        <source>Foreground (F)</source>
        <translation>前景（F）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="156" />
        <source>Background (B)</source>
        <translation>背景（B）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="156" />
        <source>Unknown (U)</source>
        <translation>未知（U）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="157" />
        <source>Eraser (E)</source>
        <translation>橡皮擦（E）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="173" />
        <source>Brush size ([ and ] change it)</source>
        <translation>画笔大小（[ 和 ] 调整）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="175" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="180" />
        <source>Overlay</source>
        <translation>叠加层</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="182" />
        <source>Automatic trimap</source>
        <translation>自动三分图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="64" />
        <location filename="../../desktop/app/tool_panel.py" line="183" />
        <source>Start again from a trimap made from the current alpha</source>
        <translation>从当前透明度生成的三分图重新开始</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="62" />
        <source>Open a folder of photos first (Ctrl+O)</source>
        <translation>请先打开照片文件夹（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="136" />
        <source>Works from an automatic trimap (made by Auto) until you paint one with the trimap brush.</source>
        <translation>在你用三分图画笔绘制之前，使用（由自动引擎生成的）自动三分图。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="185" />
        <source>Refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="63" />
        <location filename="../../desktop/app/tool_panel.py" line="187" />
        <source>Re-matte the region around the strokes (Ctrl+R)</source>
        <translation>重新计算笔画周围区域的抠图（Ctrl+R）</translation>
    </message>
</context>
<context>
    <name>TrainingWizard</name>
    <message>
        <location filename="../../desktop/app/training/wizard.py" line="28" />
        <source>Train a model</source>
        <translation>训练模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/wizard.py" line="51" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../desktop/app/training/wizard.py" line="52" />
        <source>Training is running. Stop it? A checkpoint is written, so the run can be continued later.</source>
        <translation>训练正在进行。要停止吗？会先写入检查点，之后可以继续训练。</translation>
    </message>
</context>
<context>
    <name>ViewBar</name>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="22" />
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="22" />
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="23" />
        <source>Cut-out</source>
        <translation>抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="23" />
        <source>Composite</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="24" />
        <source>Before/after</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="46" />
        <source>Before / after split</source>
        <translation>前后对比分割</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="55" />
        <source>Fit (Ctrl+0)</source>
        <translation>适应窗口（Ctrl+0）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="56" />
        <source>100 % (Ctrl+1)</source>
        <translation>100%（Ctrl+1）</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="90" />
        <source>Keep (camera, lens, date, GPS, caption, copyright, keywords)</source>
        <translation>保留（相机、镜头、日期、GPS、说明、版权、关键词）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="91" />
        <source>Keep, without the GPS position</source>
        <translation>保留，但去掉 GPS 位置</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="92" />
        <source>Remove all</source>
        <translation>全部移除</translation>
    </message>
</context>
</TS>